"""Subscribers' languages: each reads one of LANGUAGES; a code outside them (an old
import, a language since removed) reads the default language."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from cms import languages

from .models import Subscriber


def reading_language(code: str) -> str:
    """The language a subscriber with this stored code gets the newsletter in."""
    return languages.supported(code) or languages.default()


def sendable_by_language(queryset=None) -> dict[str, int]:
    """How many sendable subscribers read each language (one query)."""
    queryset = Subscriber.objects.sendable() if queryset is None else queryset
    counts: Counter[str] = Counter()
    for code, count in queryset.order_by().values_list("language").annotate(n=Count("pk")):
        counts[reading_language(code)] += count
    return dict(counts)
