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

from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

_loaded: ContextVar[dict[str, Page] | None] = ContextVar("cms_page_links", default=None)


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
    try:
        yield
    finally:
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
