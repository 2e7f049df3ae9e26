"""The "ECCP" preview mode for article pages; registered from FeedsConfig.ready()."""
