"""Admin panels for the content model."""

from wagtail.admin.panels import Panel


class IssueChecksPanel(Panel):
    """Lists the issue's warnings (past events under "Upcoming activities", unpublished
    pages in a section) at the top of its edit view. Read-only; never blocks."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/issue_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["warnings"] = instance.editor_warnings() if instance and instance.pk else []
            return context
