"""Models of newsletter.sesevents."""
