"""Issue rendering: Issue -> subject, preheader, HTML (MJML) and plain text."""
