"""What editors (and commands) do with campaigns. Every action is permission-checked
by the caller, moves the state machine atomically and is written to Wagtail's audit
log on the issue page (so it shows in the page's history)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from . import ledger, snapshots
from .models import Campaign, CampaignState, InvalidTransition

LOG_ACTIONS = {
    "clusterpost.campaign.create": ("Campaign: create", "Campaign created"),
    "clusterpost.campaign.schedule": ("Campaign: schedule", "Campaign scheduled"),
    "clusterpost.campaign.unschedule": ("Campaign: unschedule", "Campaign schedule removed"),
    "clusterpost.campaign.send": ("Campaign: send now", "Campaign sending started"),
    "clusterpost.campaign.start": ("Campaign: start", "Scheduled campaign started"),
    "clusterpost.campaign.pause": ("Campaign: pause", "Campaign paused"),
    "clusterpost.campaign.resume": ("Campaign: resume", "Campaign resumed"),
    "clusterpost.campaign.cancel": ("Campaign: cancel", "Campaign cancelled"),
    "clusterpost.campaign.finish": ("Campaign: finished", "Campaign finished"),
    "clusterpost.campaign.resend_unknown": ("Campaign: resend unknown",
                                            "Unsettled messages queued again"),
}


def _log(campaign: Campaign, action: str, user=None, **data) -> None:
    payload = {"campaign": campaign.pk, "state": campaign.state, "topics": campaign.topics}
    payload.update({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()})
    log(instance=campaign.issue, action=action, user=user, data=payload)


def create(issue, *, topics=(), user=None) -> Campaign:
    campaign = Campaign.objects.create(issue=issue, topics=sorted(set(topics)), created_by=user)
    _log(campaign, "clusterpost.campaign.create", user)
    return campaign


def audience_size(campaign: Campaign) -> int:
    """How many subscribers the campaign would reach if it started now."""
    if campaign.audience_built:
        return campaign.audience_size
    return ledger.audience_queryset(campaign).count()


def schedule(campaign: Campaign, when: datetime, zone_name: str, *, user=None) -> Campaign:
    from .scheduling import ScheduleError

    if when <= timezone.now():
        raise ScheduleError("That time is in the past. Pick a later time.")
    if campaign.state == CampaignState.SCHEDULED:
        Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SCHEDULED).update(
            scheduled_at=when, schedule_timezone=zone_name)
        campaign.scheduled_at, campaign.schedule_timezone = when, zone_name
    else:
        campaign.move_to(CampaignState.SCHEDULED, scheduled_at=when, schedule_timezone=zone_name)
    _log(campaign, "clusterpost.campaign.schedule", user, scheduled_at=when, timezone=zone_name)
    from .tasks import enqueue_start

    transaction.on_commit(lambda: enqueue_start(campaign.pk, when))
    return campaign


def send_now(campaign: Campaign, *, user=None) -> Campaign:
    start(campaign, user=user, action="clusterpost.campaign.send")
    return campaign


def start(campaign: Campaign, *, user=None, action="clusterpost.campaign.start") -> Campaign:
    """draft/scheduled -> sending: build the ledger rows, read the account's rate and
    quota, and enqueue the delivery tasks once the transaction commits."""
    from newsletter.transports import get_transport

    from .engine import configure_rate
    from .tasks import enqueue_delivery

    if campaign.state not in (CampaignState.DRAFT, CampaignState.SCHEDULED):
        raise InvalidTransition(f"A {campaign.get_state_display().lower()} campaign cannot start.")
    transport = get_transport()
    try:
        rate = configure_rate(transport)  # network call: before the transaction
    finally:
        transport.close()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state not in (CampaignState.DRAFT, CampaignState.SCHEDULED):
            raise InvalidTransition(f"The campaign is already {locked.state}.")
        campaign.refresh_from_db()
        snapshots.take(campaign)  # the version every message sends, whatever is published later
        ledger.build_audience(campaign)
        campaign.move_to(CampaignState.SENDING, started_at=timezone.now(), send_rate=rate,
                         pause_reason="")
        _log(campaign, action, user, audience=campaign.audience_size, rate=rate)
        transaction.on_commit(lambda: enqueue_delivery(campaign.pk))
    return campaign


def pause(campaign: Campaign, *, user=None) -> Campaign:
    campaign.move_to(CampaignState.PAUSED, paused_at=timezone.now(), pause_reason="")
    _log(campaign, "clusterpost.campaign.pause", user)
    return campaign


def resume(campaign: Campaign, *, user=None) -> Campaign:
    """paused -> sending. Re-reads the account's rate and quota (they may have changed,
    which is why the engine paused in the first place)."""
    from newsletter.transports import get_transport

    from .engine import configure_rate
    from .tasks import enqueue_delivery

    if not campaign.can_move_to(CampaignState.SENDING):
        raise InvalidTransition(f"A {campaign.get_state_display().lower()} campaign cannot resume.")
    transport = get_transport()
    try:
        rate = configure_rate(transport)
    finally:
        transport.close()
    with transaction.atomic():
        campaign.move_to(CampaignState.SENDING, pause_reason="", send_rate=rate)
        _log(campaign, "clusterpost.campaign.resume", user)
        transaction.on_commit(lambda: enqueue_delivery(campaign.pk))
    return campaign


def cancel(campaign: Campaign, *, user=None) -> Campaign:
    campaign.move_to(CampaignState.CANCELLED, cancelled_at=timezone.now())
    _log(campaign, "clusterpost.campaign.cancel", user)
    return campaign


def resend_unknown(campaign: Campaign, *, user=None) -> int:
    """Editor's decision: resend rows still unknown after the grace period."""
    count = ledger.release_unknown(campaign.pk)
    if count:
        _log(campaign, "clusterpost.campaign.resend_unknown", user, rows=count)
        if campaign.state == CampaignState.SENDING:
            from .tasks import enqueue_delivery

            transaction.on_commit(lambda: enqueue_delivery(campaign.pk))
    return count


def log_engine_pause(campaign: Campaign, reason: str) -> None:
    campaign.refresh_from_db()
    _log(campaign, "clusterpost.campaign.pause", None, reason=reason, by="delivery engine")


def log_engine_finish(campaign: Campaign) -> None:
    _log(campaign, "clusterpost.campaign.finish", None, counts=ledger.counts(campaign.pk))
