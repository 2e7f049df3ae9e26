"""Models of newsletter.campaigns."""
