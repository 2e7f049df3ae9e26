"""The same page in every language: the language switcher's links and the hreflang
alternates. A Wagtail page links to its live translations; any other view (subscribe,
feeds index) to its own URL under each language's prefix."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from .links import absolute_url, page_url


@dataclass(frozen=True)
class LanguageLink:
    code: str  # e.g. "fr"
    name: str  # in its own language, e.g. "français"
    url: str  # absolute
    current: bool


def language_links(page, path: str | None) -> list[LanguageLink]:
    """One link per language this page exists in, in LANGUAGES' order."""
    current = (get_language() or settings.LANGUAGE_CODE).lower()
    urls: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().public().select_related(
                "locale"):
            urls[translation.locale.language_code.lower()] = page_url(translation)
    elif path:
        urls = {code: absolute_url(translate_url(path, code)) for code, _name in settings.LANGUAGES}
    return [LanguageLink(code=code, name=get_language_info(code)["name_local"], url=urls[code],
                         current=code == current)
            for code, _name in settings.LANGUAGES if urls.get(code)]


def default_language_url(links: list[LanguageLink]) -> str:
    """The x-default alternate: the default language's version, if any."""
    return next((link.url for link in links if link.code == settings.LANGUAGE_CODE), "")
