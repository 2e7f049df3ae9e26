"""The site's languages (settings.LANGUAGES, the first being the default) and their
Wagtail locales."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_from_request,
    get_language_info,
    get_supported_language_variant,
)
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default() -> str:
    return settings.LANGUAGE_CODE


def in_default_language(locale_id_holder) -> bool:
    """Whether a translatable object (page, snippet, settings row) is in the default
    language: compares its locale's code, so a joined or cached locale costs no query
    (``Locale.get_default()`` costs one every time)."""
    return locale_id_holder.locale.language_code == default()


def supported(code: str) -> str | None:
    """A BCP 47 tag matched to one of LANGUAGES ("FR", "fr-CA" -> "fr"), or None."""
    code = (code or "").strip().replace("_", "-").lower()
    if not code:
        return None
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def native_name(code: str) -> str:
    """The language's name in itself, e.g. "français"."""
    return get_language_info(code)["name_local"]


def choices() -> list[tuple[str, str]]:
    """(code, name in its own language) for every language, for forms."""
    return [(code, native_name(code).capitalize()) for code in codes()]


def locale_for(code: str) -> Locale | None:
    """The Wagtail locale of a language, or None where no content is in it yet."""
    return Locale.objects.filter(language_code=code).first()


def active_locale() -> Locale | None:
    """The locale of the request's (or the activated) language; None if it has none."""
    return locale_for(get_language() or default())


def visitor_language(request) -> str:
    """The language a visitor reads: the URL's language prefix when there is one, else
    what they chose before (the language cookie) or their browser asks for
    (Accept-Language), else the default language."""
    from_path = get_language_from_path(request.path_info)
    if from_path:
        return from_path
    return get_language_from_request(request, check_path=False)


# "(in English)" after an article that a translated issue shows in another language.
FALLBACK_NOTES = {
    "en": _("(in English)"),
    "fr": _("(in French)"),
    "de": _("(in German)"),
    "es": _("(in Spanish)"),
    "it": _("(in Italian)"),
    "ca": _("(in Catalan)"),
}


def fallback_note(code: str) -> str:
    """The note shown next to content in ``code`` inside a page in another language."""
    code = primary_subtag(code)
    note = FALLBACK_NOTES.get(code)
    if note is not None:
        return str(note)
    return _("(in %(language)s)") % {"language": get_language_info(code)["name_translated"]}


def primary_subtag(code: str) -> str:
    """"en" for "en-gb": what Items carry as their language."""
    return (code or "").split("-")[0].lower()
