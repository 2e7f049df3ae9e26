"""Internal page links in rich text, resolved once for a whole issue or feed.

Wagtail expands ``<a linktype="page" id="…">`` one rich-text value at a time, with one
or two queries each. While ``page_links_loaded(sources)`` is active, the page link
handler takes the pages from one query made for every link of every source, their
translations in the active language included (a link goes to the live translation in
the active language, as Wagtail's ``page.localized`` does), so that loading an issue
does not cost queries per linked item. Outside it, Wagtail's own handler runs
unchanged.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

from .links import share_site_root_paths

_loaded: ContextVar[dict[str, Page] | None] = ContextVar("cms_page_links", default=None)
# The active content locale, looked up once per block (Wagtail's ``page.localized`` looks
# it up for every link).
_active_locale: ContextVar[Locale | None] = ContextVar("cms_page_links_locale", default=None)
# translation_key of each loaded page -> its translation in the active locale, or None.
_translated: ContextVar[dict | None] = ContextVar("cms_page_links_translated", default=None)


def _active(locales: Iterable[Locale] | None) -> Locale | None:
    """``Locale.get_active()``, read from ``locales`` when they are at hand (no query)."""
    if locales is None:
        try:
            return Locale.get_active()
        except (LookupError, Locale.DoesNotExist):
            return None
    try:
        code = get_supported_content_language_variant(get_language())
    except LookupError:
        return None
    return next((locale for locale in locales if locale.language_code == code), None)


def linked_page_ids(sources: Iterable[str]) -> set[str]:
    """The ids of the pages that rich-text sources link to (no query)."""
    return {str(object_id) for html in sources if html
            for model, object_id, *_ in extract_references_from_rich_text(html)
            if issubclass(model, Page)}


@contextmanager
def page_links_loaded(sources: Iterable[str], locales: Iterable[Locale] | None = None):
    """Within the block, page links of these sources need no further query. ``locales``
    (every Locale, when the caller has them) saves the query for the active one."""
    ids = linked_page_ids(sources)
    active = _active(locales)
    loaded, translated = {}, {}
    if ids:
        wanted = Q(id__in=ids)
        if active is not None:
            wanted |= Q(locale_id=active.pk, translation_key__in=Page.objects.filter(
                id__in=ids).values("translation_key"))
        pages = list(Page.objects.filter(wanted).order_by().defer_streamfields()
                     .specific(defer=True))
        share_site_root_paths(pages)
        loaded = {str(page.pk): page for page in pages if str(page.pk) in ids}
        translated = dict.fromkeys(page.translation_key for page in loaded.values())
        translated.update((page.translation_key, page) for page in pages
                          if active is not None and page.locale_id == active.pk)
    token = _loaded.set(loaded)
    locale_token = _active_locale.set(active)
    translated_token = _translated.set(translated)
    try:
        yield
    finally:
        _translated.reset(translated_token)
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
        translated = _translated.get()

        def link(page) -> str:
            if page is None:
                return "<a>"
            if active is not None and page.locale_id != active.pk:
                page = _localized(page, translated)
            return f'<a href="{escape(page.url)}">'

        return [link(page) for page in cls.get_many(attrs_list)]


def _localized(page: Page, translated: dict) -> Page:
    """Wagtail's ``page.localized`` (the live translation in the active locale, else the
    page), from the translations loaded with the links where they were."""
    if page.translation_key not in translated:
        return page.localized
    translation = translated[page.translation_key]
    return translation if translation is not None and translation.live else page
