"""The dashboard's figures, each from a few aggregate queries (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from cms.models import IssuePage
from newsletter.campaigns import progress
from newsletter.campaigns.models import Campaign, CampaignState
from newsletter.sesevents.health import CampaignHealth, campaign_health
from newsletter.sesevents.models import SesEvent
from newsletter.subscribers.models import Subscriber

from . import conf

LAST_CAMPAIGNS = 5


@dataclass(frozen=True)
class SubscriberCounts:
    confirmed: int
    pending: int
    unsubscribed: int
    bounced: int  # bounced or complained: no longer sendable


def subscriber_counts() -> SubscriberCounts:
    S = Subscriber.Status
    rows = dict(Subscriber.objects.filter(erased_at__isnull=True)
                .values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return SubscriberCounts(confirmed=rows.get(S.CONFIRMED, 0), pending=rows.get(S.PENDING, 0),
                            unsubscribed=rows.get(S.UNSUBSCRIBED, 0),
                            bounced=rows.get(S.BOUNCED, 0) + rows.get(S.COMPLAINED, 0))


@dataclass(frozen=True)
class Week:
    start: date
    confirmed: int
    unsubscribed: int
    bounced: int


def _per_day(field: str, since: datetime) -> dict[date, int]:
    return dict(Subscriber.objects.filter(**{f"{field}__gte": since})
                .annotate(day=TruncDate(field)).values("day").annotate(n=Count("id"))
                .values_list("day", "n"))


def weekly_growth(now: datetime | None = None, weeks: int | None = None) -> list[Week]:
    """New confirmations, unsubscribes and bounces (hard bounces and complaints) per
    week, oldest first; the last week ends today. Counted from each subscriber's latest
    timestamps, so someone who left and came back counts once, in the latest week."""
    weeks = weeks or conf.growth_weeks()
    today = timezone.localdate(now or timezone.now())
    first = today - timedelta(days=7 * weeks - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    confirmed = _per_day("confirmed_at", since)
    unsubscribed = _per_day("unsubscribed_at", since)
    bounced = _per_day("bounced_at", since)
    complained = _per_day("complained_at", since)
    result = []
    for index in range(weeks):
        start = first + timedelta(days=7 * index)
        days = [start + timedelta(days=offset) for offset in range(7)]
        result.append(Week(
            start=start,
            confirmed=sum(confirmed.get(day, 0) for day in days),
            unsubscribed=sum(unsubscribed.get(day, 0) for day in days),
            bounced=sum(bounced.get(day, 0) + complained.get(day, 0) for day in days),
        ))
    return result


def running_campaigns() -> list[dict]:
    """Sending and paused campaigns with their live figures (campaigns.progress)."""
    campaigns = Campaign.objects.filter(
        state__in=(CampaignState.SENDING, CampaignState.PAUSED)).select_related("issue")
    return [{"campaign": campaign, "figures": progress.snapshot(campaign)}
            for campaign in campaigns.order_by("started_at", "pk")]


def scheduled_campaigns():
    return (Campaign.objects.filter(state=CampaignState.SCHEDULED).select_related("issue")
            .order_by("scheduled_at", "pk"))


def draft_issues(user) -> list[dict]:
    """Issues with unpublished changes the user may edit, with their "Before you send"
    warnings (cms.publishing_checks)."""
    drafts = IssuePage.objects.filter(has_unpublished_changes=True).order_by("-latest_revision_created_at")
    result = []
    for issue in drafts[:10]:
        if not issue.permissions_for_user(user).can_edit():
            continue
        draft = issue.get_latest_revision_as_object()
        result.append({"issue": issue, "warnings": draft.editor_warnings()})
    return result


@dataclass(frozen=True)
class FinishedCampaign:
    campaign: Campaign
    sent: int
    delivered: int
    health: CampaignHealth


def last_campaigns(count: int = LAST_CAMPAIGNS) -> list[FinishedCampaign]:
    """The latest finished campaigns: sent (ledger), delivered (SES Delivery events),
    bounce and complaint rates (sesevents.health)."""
    finished = (Campaign.objects.filter(state=CampaignState.FINISHED)
                   .select_related("issue").order_by("-finished_at", "-pk")[:count])
    result = []
    for campaign in finished:
        health = campaign_health(campaign.pk)
        result.append(FinishedCampaign(campaign=campaign, sent=health.bounce.sends,
                                       delivered=_delivered(campaign.pk), health=health))
    return result


def _delivered(campaign_id: int) -> int:
    return (SesEvent.objects.filter(campaign_id=campaign_id, event_type=SesEvent.Type.DELIVERY)
            .values("recipient").distinct().count())
