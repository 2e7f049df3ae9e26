"""Internal page links in rich text, resolved once for a whole issue or feed.

Wagtail expands ``<a linktype="page" id="…">`` one rich-text value at a time, with one
or two queries each. While ``page_links_loaded(sources)`` is active, the page link
handler takes the pages from one query made for every link of every source, so that
loading an issue does not cost queries per linked item. Outside it, Wagtail's own
handler runs unchanged.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

_loaded: ContextVar[dict[str, Page] | None] = ContextVar("cms_page_links", default=None)
# The active content locale, looked up once per block (Wagtail's ``page.localized`` looks
# it up for every link).
_active_locale: ContextVar[Locale | None] = ContextVar("cms_page_links_locale", default=None)


def _active() -> Locale | None:
    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def linked_page_ids(sources: Iterable[str]) -> set[str]:
    """The ids of the pages that rich-text sources link to (no query)."""
    return {str(object_id) for html in sources if html
            for model, object_id, *_ in extract_references_from_rich_text(html)
            if issubclass(model, Page)}


@contextmanager
def page_links_loaded(sources: Iterable[str]):
    """Within the block, page links of these sources need no further query."""
    ids = linked_page_ids(sources)
    pages = (Page.objects.filter(id__in=ids).order_by().defer_streamfields().specific(defer=True)
             if ids else ())
    token = _loaded.set({str(page.pk): page for page in pages})
    locale_token = _active_locale.set(_active())
    try:
        yield
    finally:
        _active_locale.reset(locale_token)
        _loaded.reset(token)


class LoadedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, reading pages loaded by ``page_links_loaded``."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]):
        loaded = _loaded.get()
        if loaded is None:
            return super().get_many(attrs_list)
        missing = [attrs for attrs in attrs_list if str(attrs.get("id")) not in loaded]
        if missing:
            loaded.update({str(page.pk): page for page in super().get_many(missing) if page})
        return [loaded.get(str(attrs.get("id"))) for attrs in attrs_list]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        """As Wagtail's, but a page already in the active locale is linked as it is (no
        locale query per link); a page in another locale still goes to its translation."""
        if _loaded.get() is None:
            return super().expand_db_attributes_many(attrs_list)
        active = _active_locale.get()

        def link(page) -> str:
            if page is None:
                return "<a>"
            if active is not None and page.locale_id != active.pk:
                page = page.localized
            return f'<a href="{escape(page.url)}">'

        return [link(page) for page in cls.get_many(attrs_list)]
