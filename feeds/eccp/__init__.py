"""ECCP-ready posts for the European Cluster Collaboration Platform."""
