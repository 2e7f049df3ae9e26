"""Content in a reader's language: translations of translatable rows with the default
language as the fallback, and the articles of a translated issue that fall back."""

from __future__ import annotations

from wagtail.models import Locale, Page


def localized_rows(model, locale: Locale | None) -> list:
    """Every default-language row of a translatable snippet model, in its order, each
    replaced by its translation in ``locale`` where there is one (two queries); each row
    comes with its locale."""
    default = Locale.get_default()
    rows = list(model.objects.filter(locale=default))
    for row in rows:
        row.locale = default  # known: reading it costs no query
    if locale is None or locale.pk == default.pk:
        return rows
    translations = {
        row.translation_key: row
        for row in model.objects.filter(locale=locale,
                                        translation_key__in=[r.translation_key for r in rows])}
    for row in translations.values():
        row.locale = locale
    return [translations.get(row.translation_key, row) for row in rows]


def localized_choice(chosen, locale: Locale):
    """A page or snippet chosen in an issue, as the issue's language shows it: its live
    translation in ``locale`` where there is one, else the chosen object itself (a
    default-language article, marked by its own language where it is shown)."""
    if chosen is None or getattr(chosen, "locale_id", locale.pk) == locale.pk:
        return chosen
    translation = chosen.get_translation_or_none(locale)
    if translation is None or (isinstance(translation, Page) and not translation.live):
        return chosen
    return translation


def fallback_pages(issue_page) -> list[Page]:
    """The chosen pages of a translated issue that readers get in another language,
    because they have no live translation in the issue's locale."""
    out = []
    for section in issue_page.sections:
        for chosen in section.value.get("items") or []:
            if isinstance(chosen, Page) and chosen.live and \
                    localized_choice(chosen, issue_page.locale).locale_id != issue_page.locale_id:
                out.append(chosen)
    return out
