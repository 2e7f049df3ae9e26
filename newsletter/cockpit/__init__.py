"""The editor's and operator's cockpit: the newsletter dashboard on the Wagtail home
page, the "Campaigns" listing and the warnings shown before things go wrong.
See docs/cockpit.md."""
