"""One campaign, every language: which version of the issue each language's readers
get (its live translation, else the default language's issue), and the campaign's
figures per language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from cms import languages
from newsletter.subscribers.languages import reading_language, sendable_by_language

from .models import Delivery, DeliveryStatus


def issue_versions(issue_page) -> dict[str, object]:
    """Language code -> the live issue page its readers get, the default language's
    first. A language without a live translation is absent: its readers get the
    default language's issue."""
    default = languages.default()
    versions = {default: issue_page.specific}
    for page in issue_page.get_translations().live().select_related("locale"):
        code = languages.primary_subtag(page.locale.language_code)
        if code == default:
            versions = {default: page.specific, **{k: v for k, v in versions.items() if k != default}}
        else:
            versions[code] = page.specific
    return versions


@dataclass(frozen=True)
class LanguageAudience:
    code: str
    name: str
    subscribers: int
    translated: bool  # False: they get the default language's issue


def audience_by_language(audience_queryset, versions) -> list[LanguageAudience]:
    """For the confirmation step: per language with readers, how many and what they get."""
    counts = sendable_by_language(audience_queryset)
    return [LanguageAudience(code=code, name=languages.native_name(code),
                             subscribers=counts[code], translated=code in versions)
            for code in languages.codes() if counts.get(code)]


@dataclass(frozen=True)
class LanguageFigures:
    code: str
    name: str
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def sent(self) -> int:
        return self.by_status.get(DeliveryStatus.SENT, 0)

    @property
    def failed(self) -> int:
        return self.by_status.get(DeliveryStatus.FAILED, 0)

    @property
    def other(self) -> int:
        """Pending, sending, skipped or unknown."""
        return self.total - self.sent - self.failed


def figures_by_language(campaign) -> list[LanguageFigures]:
    """The campaign's deliveries per reader language and status (one query)."""
    table: dict[str, Counter] = {}
    rows = (Delivery.objects.filter(campaign=campaign).values_list("subscriber__language", "status")
            .annotate(n=Count("pk")).order_by())
    for stored, status, count in rows:
        table.setdefault(reading_language(stored or ""), Counter())[status] += count
    return [LanguageFigures(code=code, name=languages.native_name(code),
                            by_status=dict(table[code]))
            for code in languages.codes() if code in table]
