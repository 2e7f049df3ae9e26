"""Finding an issue from the command line: by id, or by slug in one language.

A translated IssuePage keeps its source's slug, so a slug alone names one issue per
language: ``render_issue`` and ``send_issue`` look it up in ``--language`` (by default
the default language) and say which languages have it when it is not there."""

from __future__ import annotations

from . import languages
from .models import IssuePage


class IssueLookupError(Exception):
    """No such issue, or more than one: the message says what exists."""


def language_code(language: str | None) -> str:
    """One of LANGUAGES for ``--language`` (None: the default language)."""
    if language is None:
        return languages.default()
    code = languages.supported(language)
    if code is None:
        raise IssueLookupError(
            f"Unknown language {language!r}: use one of {', '.join(languages.codes())}.")
    return code


def _describe(page: IssuePage) -> str:
    return f"id {page.pk}: {page.title} ({page.url_path})"


def _in_language(page: IssuePage, code: str) -> IssuePage:
    if page.locale.language_code == code:
        return page
    translation = (IssuePage.objects.filter(translation_key=page.translation_key,
                                            locale__language_code=code)
                   .select_related("locale").first())
    if translation is None:
        raise IssueLookupError(
            f"The issue {page.title!r} (id {page.pk}) has no {languages.native_name(code)} "
            f"({code}) translation. It exists in: {_languages_of(page)}.")
    return translation


def _languages_of(page: IssuePage) -> str:
    versions = (IssuePage.objects.filter(translation_key=page.translation_key)
                .select_related("locale").order_by("locale__language_code"))
    return ", ".join(f"{v.locale.language_code} (id {v.pk})" for v in versions)


def find_issue(identifier: str, language: str | None = None) -> IssuePage:
    """The IssuePage with this id or slug. A slug is looked up in ``language`` (default:
    the default language); an id names one page, and with ``language`` its translation
    in that language. Raises IssueLookupError with a message for the operator."""
    identifier = (identifier or "").strip()
    code = language_code(language)
    pages = IssuePage.objects.select_related("locale")
    if identifier.isdigit():
        page = pages.filter(pk=int(identifier)).first()
        if page is not None:
            return page if language is None else _in_language(page, code)
    matches = list(pages.filter(slug=identifier).order_by("locale__language_code", "pk"))
    in_language = [page for page in matches if page.locale.language_code == code]
    if len(in_language) == 1:
        return in_language[0]
    if len(in_language) > 1:
        listed = "; ".join(_describe(page) for page in in_language)
        raise IssueLookupError(
            f"Several issues have the slug {identifier!r} in {code}; give the id instead: "
            f"{listed}.")
    if matches:
        found = ", ".join(f"{page.locale.language_code} (id {page.pk})" for page in matches)
        raise IssueLookupError(
            f"No issue with slug {identifier!r} in {languages.native_name(code)} ({code}). "
            f"That slug exists in: {found}. Pass --language with one of them, or the id.")
    known = ", ".join(pages.filter(locale__language_code=code)
                      .values_list("slug", flat=True)[:10]) or "none"
    kind = "id or slug" if identifier.isdigit() else "slug"
    raise IssueLookupError(
        f"No issue with {kind} {identifier!r}. Known issues in {code}: {known}.")


def default_language_version(page: IssuePage) -> IssuePage:
    """The issue in the default language (the page itself when it is, or when it has no
    such version): the page campaigns hang on, so that "already reached" holds across
    the languages of one issue."""
    if languages.in_default_language(page):
        return page
    source = (IssuePage.objects.filter(translation_key=page.translation_key,
                                       locale__language_code=languages.default())
              .select_related("locale").first())
    return source or page
