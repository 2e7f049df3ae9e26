"""Campaign figures from stored SES events, for the admin report.

Counts are of distinct recipients (an address that bounced twice counts once), except
``opens`` and clicks per link, which count every event too. Rates are against the SES
review thresholds: Amazon reviews an account whose bounce rate reaches 5% or whose
complaint rate reaches 0.1% (and may pause sending at 10% and 0.5%).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDay, TruncHour
from django.urls import Resolver404, resolve

from .health import THRESHOLDS
from .models import SesEvent

BOUNCE_REVIEW_RATE = THRESHOLDS.bounce_review
BOUNCE_PAUSE_RATE = THRESHOLDS.bounce_pause
COMPLAINT_REVIEW_RATE = THRESHOLDS.complaint_review
COMPLAINT_PAUSE_RATE = THRESHOLDS.complaint_pause

SERIES = ("delivery", "bounce", "complaint", "open", "click")


def _percent(value: float) -> str:
    return f"{value * 100:.2f}%"


@dataclass
class Rate:
    label: str
    value: float | None  # None when nothing was sent
    review: float
    pause: float

    @property
    def level(self) -> str:
        if self.value is None:
            return "none"
        if self.value >= self.pause:
            return "pause"
        return "review" if self.value >= self.review else "ok"

    @property
    def percent(self) -> str:
        return "–" if self.value is None else _percent(self.value)

    @property
    def review_percent(self) -> str:
        return _percent(self.review)

    @property
    def pause_percent(self) -> str:
        return _percent(self.pause)

    @property
    def over(self) -> bool:
        return self.level in ("review", "pause")


class RecipientRates:
    """Bounce and complaint rates of a report (the whole campaign, or one language's
    part): ``sent``, ``ledger_sent``, ``delivered``, ``hard_bounced``, ``soft_bounced``
    and ``complained`` are counts of recipients."""

    @property
    def denominator(self) -> int:
        """Recipients sent to: the larger of Send events and ``sent`` ledger rows, or
        (with neither) every outcome SES reported."""
        return max(self.sent, self.ledger_sent) or (
            self.delivered + self.hard_bounced + self.soft_bounced)

    @property
    def bounce_rate(self) -> Rate:
        n = self.denominator
        return Rate("Bounce rate", self.hard_bounced / n if n else None,
                    BOUNCE_REVIEW_RATE, BOUNCE_PAUSE_RATE)

    @property
    def complaint_rate(self) -> Rate:
        n = self.denominator
        return Rate("Complaint rate", self.complained / n if n else None,
                    COMPLAINT_REVIEW_RATE, COMPLAINT_PAUSE_RATE)


@dataclass
class CampaignReport(RecipientRates):
    campaign_id: int
    title: str
    sent: int = 0
    delivered: int = 0
    hard_bounced: int = 0
    soft_bounced: int = 0
    complained: int = 0
    rejected: int = 0
    delayed: int = 0
    opened: int = 0
    opens: int = 0
    clicked: int = 0
    clicks: int = 0
    links: list[dict] = field(default_factory=list)
    bounce_reasons: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)  # {"bucket": dt, "delivery": n, …}
    bucket: str = "hour"
    first: object = None
    last: object = None
    ledger: dict[str, int] = field(default_factory=dict)  # delivery ledger rows by status

    @property
    def ledger_sent(self) -> int:
        return self.ledger.get("sent", 0)


def campaign_title(campaign_id: int) -> str:
    """The campaign's name once the campaigns app has a Campaign model; else its id."""
    try:
        model = apps.get_model("campaigns", "Campaign")
    except LookupError:
        return f"Campaign {campaign_id}"
    campaign = model._default_manager.filter(pk=campaign_id).first()
    if campaign is None:
        return f"Campaign {campaign_id} (not in the ledger)"
    return str(getattr(campaign, "title", None) or getattr(campaign, "name", None) or campaign)


def ledger_counts(campaign_id: int) -> dict[str, int]:
    """Delivery ledger rows of the campaign by status, once the campaigns app has them."""
    try:
        model = apps.get_model("campaigns", "Delivery")
    except LookupError:
        return {}
    rows = model._default_manager.filter(campaign_id=campaign_id).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def _distinct(qs, event_type, **filters) -> int:
    return qs.filter(event_type=event_type, **filters).values("recipient").distinct().count()


def campaign_report(campaign_id: int) -> CampaignReport:
    qs = SesEvent.objects.filter(campaign_id=campaign_id)
    T = SesEvent.Type
    report = CampaignReport(campaign_id=campaign_id, title=campaign_title(campaign_id),
                            ledger=ledger_counts(campaign_id))
    report.sent = _distinct(qs, T.SEND)
    report.delivered = _distinct(qs, T.DELIVERY)
    report.hard_bounced = _distinct(qs, T.BOUNCE, bounce_type="Permanent")
    report.soft_bounced = (
        qs.filter(event_type=T.BOUNCE).exclude(bounce_type="Permanent")
        .values("recipient").distinct().count()
    )
    report.complained = _distinct(qs, T.COMPLAINT)
    report.rejected = _distinct(qs, T.REJECT)
    report.delayed = _distinct(qs, T.DELIVERY_DELAY)
    report.opened = _distinct(qs, T.OPEN)
    report.opens = qs.filter(event_type=T.OPEN).count()
    report.clicked = _distinct(qs, T.CLICK)
    report.clicks = qs.filter(event_type=T.CLICK).count()
    report.links = merged_links(
        qs.filter(event_type=T.CLICK).values("link")
        .annotate(clicks=Count("id"), people=Count("recipient", distinct=True))
        .order_by("-clicks", "link")[:500]
    )[:50]
    report.bounce_reasons = list(
        qs.filter(event_type=T.BOUNCE).values("bounce_type", "bounce_subtype")
        .annotate(n=Count("recipient", distinct=True)).order_by("-n")[:10]
    )
    span = qs.aggregate(first=Min("timestamp"), last=Max("timestamp"))
    report.first, report.last = span["first"], span["last"]
    report.timeline = _timeline(qs, report)
    return report


HIDDEN = "…"


def without_token(url: str) -> str:
    """A clicked URL as the report shows it: no query string or fragment, and the token
    of a personal link (confirm, preferences, unsubscribe) replaced by "…". Such links
    are marked ``ses:no-track``, but clicks stored before that may hold them."""
    parts = urlsplit(url)
    path = parts.path
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    token = match.kwargs.get("token") if match else None
    if token:
        path = path.replace(token, HIDDEN)
    return urlunsplit((parts.scheme, parts.netloc, path, HIDDEN if parts.query else "", ""))


def merged_links(rows) -> list[dict]:
    """Click rows by displayed link: personal links of many people become one row."""
    merged: dict[str, dict] = {}
    for row in rows:
        link = without_token(row["link"])
        entry = merged.setdefault(link, {"link": link, "clicks": 0, "people": 0})
        entry["clicks"] += row["clicks"]
        entry["people"] += row["people"]
    return sorted(merged.values(), key=lambda entry: (-entry["clicks"], entry["link"]))


def _timeline(qs, report: CampaignReport) -> list[dict]:
    if report.first is None:
        return []
    if report.last - report.first > timedelta(days=3):
        report.bucket, trunc = "day", TruncDay("timestamp")
    else:
        report.bucket, trunc = "hour", TruncHour("timestamp")
    rows = (
        qs.filter(event_type__in=SERIES).annotate(bucket=trunc)
        .values("bucket", "event_type").annotate(n=Count("id")).order_by("bucket")
    )
    buckets: dict = {}
    for row in rows:
        buckets.setdefault(row["bucket"], dict.fromkeys(SERIES, 0))[row["event_type"]] = row["n"]
    return [{"bucket": bucket, **counts} for bucket, counts in sorted(buckets.items())]


def campaigns_with_events() -> list[dict]:
    rows = (
        SesEvent.objects.exclude(campaign_id=None).values("campaign_id")
        .annotate(events=Count("id"), last=Max("timestamp")).order_by("-last")[:200]
    )
    return [{**row, "title": campaign_title(row["campaign_id"])} for row in rows]
