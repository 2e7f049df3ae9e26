"""Content in a reader's language: translations of translatable rows with the default
language as the fallback, and the articles of a translated issue that fall back."""

from __future__ import annotations

from wagtail.models import Locale


def localized_rows(model, locale: Locale | None) -> list:
    """Every default-language row of a translatable snippet model, in its order, each
    replaced by its translation in ``locale`` where there is one (two queries)."""
    default = Locale.get_default()
    rows = list(model.objects.filter(locale=default))
    if locale is None or locale.pk == default.pk:
        return rows
    translations = {
        row.translation_key: row
        for row in model.objects.filter(locale=locale,
                                        translation_key__in=[r.translation_key for r in rows])}
    return [translations.get(row.translation_key, row) for row in rows]
