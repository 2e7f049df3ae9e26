"""Wagtail preview modes for issues ("Email", "Plain text"); registered from NewsletterConfig.ready()."""
