"""Models of newsletter.subscribers."""
