"""Admin panels for the content model."""

from wagtail.admin.panels import Panel

from .issue_languages import issue_languages
from .languages import default, primary_subtag


class IssueChecksPanel(Panel):
    """Lists the issue's warnings (past events under "Upcoming activities", unpublished
    pages in a section) at the top of its edit view, and per language the subscribers
    and the articles that fall back to another language. Read-only; never blocks."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/issue_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            saved = bool(instance and instance.pk)
            context["warnings"] = instance.editor_warnings() if saved else []
            context["languages"] = issue_languages(instance) if saved else []
            return context


class WelcomePreviewPanel(Panel):
    """Links under the welcome email's fields of the partnership settings: the saved
    welcome email as a subscriber gets it, as a web page and as plain text, in each
    language the settings have a row in (newsletter.welcome_preview)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/welcome_preview_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            rows = (instance.get_translations(inclusive=True).select_related("locale")
                    if instance and instance.pk else [])
            context["languages"] = sorted(
                (primary_subtag(row.locale.language_code) for row in rows),
                key=lambda code: (code != default(), code))
            return context
