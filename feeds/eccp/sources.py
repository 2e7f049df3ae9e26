"""Which content an ECCP pack is built from, and finding it by id or slug.

A live article is exported as published (the post links back to that page); a draft from
its latest revision, with a notice that its URL does not work yet. An issue exports its
live articles only, as the email does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from cms.items import Issue, Item, Kind


class NotFound(Exception):
    pass


@dataclass(frozen=True)
class Notice:
    level: str  # "error" | "warning" | "info"
    text: str


def is_article(page) -> bool:
    return getattr(page, "kind", "") in Kind.ARTICLES and hasattr(page, "as_item")


def is_issue(page) -> bool:
    from cms.models import IssuePage

    return isinstance(page, IssuePage)


def export_version(page):
    """The specific page object to export: the live one, or the latest draft."""
    page = page.specific
    if page.live:
        return page
    return page.get_latest_revision_as_object() or page


def article_item(page) -> tuple[Item, list[Notice]]:
    page = page.specific
    notices = []
    if not page.live:
        notices.append(Notice("warning", _("This page is not published: the post shows its "
                                           "latest draft, and its link back will not work "
                                           "until you publish it.")))
    elif page.has_unpublished_changes:
        notices.append(Notice("info", _("This page has unpublished changes: the post shows "
                                        "the published version. Publish to include the "
                                        "changes.")))
    return export_version(page).as_item(), notices


def left_out_notices(issue_page) -> list[Notice]:
    """A warning naming the chosen articles an issue's posts leave out (not published)."""
    drafts = issue_page.unpublished_pages()
    if not drafts:
        return []
    titles = ", ".join(f"“{p.title}”" for p in drafts)
    return [Notice("warning", _("Left out because they are not published: %(titles)s.")
                   % {"titles": titles})]


def issue_data(page) -> tuple[Issue, list[Notice]]:
    page = page.specific
    return export_version(page).as_issue(), left_out_notices(page)


def in_language(page, language: str):
    """The page's translation in ``language`` (one of LANGUAGES), or NotFound."""
    from cms import languages

    code = languages.supported(language)
    if code is None:
        raise NotFound(f"Unknown language {language!r}: use one of {', '.join(languages.codes())}.")
    if page.locale.language_code == code:
        return page
    locale = languages.locale_for(code)
    translation = page.get_translation_or_none(locale) if locale is not None else None
    if translation is None:
        raise NotFound(f"{page.title!r} has no {languages.native_name(code)} translation yet: "
                       "translate it in the admin first.")
    return translation.specific


def find_page(identifier: str, language: str | None = None):
    """An issue or article page by id or slug. Raises NotFound with a clear message.

    Translations share their source's slug: a slug names the page in ``language``'s
    locale (a translation given its own slug), else the default language's page."""
    identifier = (identifier or "").strip()
    if identifier.isdigit():
        page = Page.objects.filter(pk=int(identifier)).first()
        if page is None:
            raise NotFound(f"No page with id {identifier}.")
        candidates = [page.specific]
    else:
        by_slug = Page.objects.filter(slug=identifier).order_by("pk")
        in_locale = by_slug.filter(locale__language_code=language) if language else by_slug.none()
        candidates = [p.specific for p in in_locale] or [
            p.specific for p in by_slug.filter(locale=Locale.get_default())]
        if not candidates:
            raise NotFound(f"No page with slug {identifier!r}.")
    usable = [p for p in candidates if is_issue(p) or is_article(p)]
    if not usable:
        page = candidates[0]
        raise NotFound(f"{page.title!r} (id {page.pk}) is a {page.specific_class._meta.verbose_name}"
                       f": only issues and articles have ECCP packs.")
    if len(usable) > 1:
        listed = "; ".join(f"id {p.pk}: {p.title} ({p.url_path})" for p in usable)
        raise NotFound(f"Several pages have the slug {identifier!r}; give the id instead: "
                       f"{listed}.")
    return usable[0]
