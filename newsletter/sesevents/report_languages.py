"""A campaign's SES figures per language of the message, for the campaign report.

SES events do not say which language a message was in; the ledger does. Each event
carries its delivery id (the message's EmailTags), and the delivery row records the
language of the snapshot its message was built from (``newsletter.campaigns.messages``),
so a reader who changes language after the send stays counted in the language they got.
A row without a recorded language (its worker died before settling it) counts in the
subscriber's reading language, or the default language's where the campaign has no
snapshot in it. The figures take one grouped query over the events (the language joined
through the delivery), one over the ledger's sent rows and one for the campaign's
snapshot languages, however many languages there are. Events whose delivery is gone (an
erased subscriber) are counted as "not known".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext

from cms import languages
from newsletter.subscribers.languages import reading_language

from .models import SesEvent
from .report import RecipientRates

UNKNOWN = ""  # the language of events without a ledger row


@dataclass
class LanguageReport(RecipientRates):
    code: str  # a language of LANGUAGES, or UNKNOWN
    sent: int = 0
    ledger_sent: int = 0
    delivered: int = 0
    hard_bounced: int = 0
    soft_bounced: int = 0
    complained: int = 0
    opened: int = 0
    opens: int = 0
    clicked: int = 0
    clicks: int = 0

    @property
    def name(self) -> str:
        if self.code == UNKNOWN:
            return gettext("Not known (no delivery record)")
        return languages.native_name(self.code).capitalize()


# event type -> (field counting recipients, field counting events or None)
_FIELDS = {
    SesEvent.Type.SEND: ("sent", None),
    SesEvent.Type.DELIVERY: ("delivered", None),
    SesEvent.Type.COMPLAINT: ("complained", None),
    SesEvent.Type.OPEN: ("opened", "opens"),
    SesEvent.Type.CLICK: ("clicked", "clicks"),
}


def message_language(stored: str | None, snapshot_languages: set[str]) -> str:
    """The language of the message of a delivery whose recorded language (or, where
    none was recorded, its subscriber's stored language) is ``stored``."""
    if stored is None:
        return UNKNOWN
    code = reading_language(stored)
    if snapshot_languages and code not in snapshot_languages:
        return languages.default()
    return code


# A delivery's recorded language; its subscriber's where none was recorded.
_SENT_LANGUAGE = Coalesce(NullIf(F("language"), Value("")), F("subscriber__language"))


def _models():
    try:
        return (apps.get_model("campaigns", "Delivery"),
                apps.get_model("campaigns", "CampaignSnapshot"))
    except LookupError:
        return None, None


def figures_by_language(campaign_id: int) -> list[LanguageReport]:
    """The campaign's recipients sent, delivered, bounced, complained, opened and clicked
    per language of the message, in the order of LANGUAGES ("not known" last); empty
    without the campaigns app."""
    delivery, snapshot = _models()
    if delivery is None:
        return []
    snapshot_languages = set(snapshot._default_manager.filter(campaign_id=campaign_id)
                             .values_list("language", flat=True))
    reports: dict[str, LanguageReport] = {}

    def report_for(stored: str | None) -> LanguageReport:
        code = message_language(stored, snapshot_languages)
        return reports.setdefault(code, LanguageReport(code=code))

    sent_language = Subquery(delivery._default_manager.filter(pk=OuterRef("delivery_id"))
                             .annotate(sent_language=_SENT_LANGUAGE)
                             .values("sent_language")[:1])
    rows = (
        SesEvent.objects.filter(campaign_id=campaign_id,
                                event_type__in=[*_FIELDS, SesEvent.Type.BOUNCE])
        .annotate(stored_language=sent_language,
                  permanent=Case(When(bounce_type="Permanent", then=Value(True)),
                                 default=Value(False), output_field=BooleanField()))
        .values("stored_language", "event_type", "permanent")
        .annotate(people=Count("recipient", distinct=True), events=Count("id"))
        .order_by()
    )
    # A recipient has one delivery, so the distinct counts of two stored languages that
    # read the same message language add up without counting anyone twice.
    for row in rows:
        report = report_for(row["stored_language"])
        if row["event_type"] == SesEvent.Type.BOUNCE:
            name = "hard_bounced" if row["permanent"] else "soft_bounced"
            setattr(report, name, getattr(report, name) + row["people"])
            continue
        people_field, events_field = _FIELDS[row["event_type"]]
        setattr(report, people_field, getattr(report, people_field) + row["people"])
        if events_field:
            setattr(report, events_field, getattr(report, events_field) + row["events"])
    ledger = (delivery._default_manager.filter(campaign_id=campaign_id, status="sent")
              .values_list(_SENT_LANGUAGE).annotate(n=Count("pk")).order_by())
    for stored, count in ledger:
        report_for(stored or "").ledger_sent += count
    order = {code: position for position, code in enumerate(languages.codes())}
    return sorted(reports.values(), key=lambda report: order.get(report.code, len(order)))
