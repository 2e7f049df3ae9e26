"""Per language, what readers of an issue will get: whether the issue is translated,
which of its articles fall back to another language, and how many subscribers read that
language (counted by the newsletter app through the ``issue_language_audience`` hook,
so that the content model does not depend on it)."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

from . import languages
from .translations import fallback_pages

AUDIENCE_HOOK = "issue_language_audience"


@dataclass(frozen=True)
class IssueLanguage:
    code: str
    name: str
    translated: bool  # a live translation of the issue exists in this language
    fallback_titles: tuple[str, ...]  # articles shown in another language
    subscribers: int | None  # None: no newsletter app counts them


def audience_by_language() -> dict[str, int] | None:
    counts = None
    for count in hooks.get_hooks(AUDIENCE_HOOK):
        counts = {**(counts or {}), **count()}
    return counts


def issue_languages(issue_page) -> list[IssueLanguage]:
    """One row per language in LANGUAGES, for the "Before you send" panel."""
    translations = {page.locale.language_code: page.specific
                    for page in issue_page.get_translations(inclusive=True).live()
                    .select_related("locale")}
    translations.setdefault(issue_page.locale.language_code, issue_page)
    counts = audience_by_language()
    rows = []
    for code in languages.codes():
        page = translations.get(code)
        rows.append(IssueLanguage(
            code=code, name=languages.native_name(code), translated=page is not None,
            fallback_titles=tuple(p.title for p in fallback_pages(page)) if page else (),
            subscribers=None if counts is None else counts.get(code, 0)))
    return rows
