"""Wagtail admin hooks: the warnings an editor sees after saving or publishing an issue,
and the partnership settings' translations."""

from django.contrib import messages
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .page_links import LoadedPageLinkHandler
from .partnership_translations import PartnershipTranslationsViewSet, settings_urls


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_issue_problems(request, page):
    """Past events under "Upcoming activities" and unpublished pages in a section give a
    warning message (not an error: the editor may know better)."""
    from cms.models import IssuePage

    page = page.specific
    if not isinstance(page, IssuePage):
        return None
    if "application/json" in request.headers.get("Accept", ""):
        return None  # autosave: the panel shows the warnings when the page is reloaded
    for warning in page.editor_warnings():
        messages.warning(request, warning)
    return None


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own handler
def resolve_page_links_in_bulk(features):
    features.register_link_type(LoadedPageLinkHandler)


register_snippet(PartnershipTranslationsViewSet)
hooks.register("register_admin_urls", settings_urls, order=-100)  # before Wagtail's
