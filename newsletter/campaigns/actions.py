"""What editors (and commands) do with campaigns. Every action is permission-checked
by the caller, moves the state machine atomically and is written to Wagtail's audit
log on the issue page (so it shows in the page's history).

Actions do not enqueue background work themselves: once their transaction commits they
send ``delivery_wanted`` or ``start_scheduled``, and ``tasks`` enqueues the tasks.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import languages
from newsletter.transports import get_transport

from . import account, ledger, snapshots
from .audit import record
from .models import Campaign, CampaignState, InvalidTransition
from .scheduling import ScheduleError

# Sent on commit with ``campaign_id`` when a campaign needs its delivery tasks.
delivery_wanted = Signal()
# Sent on commit with ``campaign_id`` and ``when`` once a campaign has a start time.
start_scheduled = Signal()


def _want_delivery(campaign: Campaign) -> None:
    transaction.on_commit(lambda: delivery_wanted.send(sender=Campaign, campaign_id=campaign.pk))


class TranslatedIssueError(ValueError):
    """A campaign belongs to the default language's issue: it sends every language's
    translation, and "already reached" is counted per issue page."""


def create(issue, *, topics=(), user=None) -> Campaign:
    if not languages.in_default_language(issue):
        raise TranslatedIssueError(_(
            "“%(title)s” is a translation: create the campaign on the default language's "
            "issue, which sends each subscriber their language's version.")
            % {"title": issue.title})
    campaign = Campaign.objects.create(issue=issue, topics=sorted(set(topics)), created_by=user)
    record(campaign, "clusterpost.campaign.create", user)
    return campaign


def audience_size(campaign: Campaign) -> int:
    """How many subscribers the campaign would reach if it started now."""
    if campaign.audience_built:
        return campaign.audience_size
    return ledger.audience_queryset(campaign).count()


def schedule(campaign: Campaign, when: datetime, zone_name: str, *, user=None) -> Campaign:
    if when <= timezone.now():
        raise ScheduleError(_("That time is in the past. Pick a later time."))
    if campaign.state == CampaignState.SCHEDULED:  # a new time, the same state
        Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SCHEDULED).update(
            scheduled_at=when, schedule_timezone=zone_name)
        campaign.scheduled_at, campaign.schedule_timezone = when, zone_name
    else:
        campaign.move_to(CampaignState.SCHEDULED, scheduled_at=when, schedule_timezone=zone_name)
    record(campaign, "clusterpost.campaign.schedule", user, scheduled_at=when, timezone=zone_name)
    transaction.on_commit(lambda: start_scheduled.send(sender=Campaign, campaign_id=campaign.pk,
                                                       when=when))
    return campaign


def send_now(campaign: Campaign, *, user=None) -> Campaign:
    start(campaign, user=user, action="clusterpost.campaign.send")
    return campaign


def _read_account() -> float | None:
    """The account's rate and quota into the shared bucket (a network call: call it
    before any transaction)."""
    transport = get_transport()
    try:
        return account.configure_rate(transport)
    finally:
        transport.close()


def start(campaign: Campaign, *, user=None, action="clusterpost.campaign.start") -> Campaign:
    """draft/scheduled -> sending: build the ledger rows, read the account's rate and
    quota, and have the delivery tasks enqueued once the transaction commits."""
    if campaign.state not in (CampaignState.DRAFT, CampaignState.SCHEDULED):
        raise InvalidTransition(_("A campaign in the state “%(state)s” cannot start.")
                                % {"state": campaign.get_state_display()})
    rate = _read_account()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state not in (CampaignState.DRAFT, CampaignState.SCHEDULED):
            raise InvalidTransition(_("The campaign is already in the state “%(state)s”.")
                                    % {"state": locked.get_state_display()})
        campaign.refresh_from_db()
        snapshots.take(campaign)  # the version every message sends, whatever is published later
        ledger.build_audience(campaign)
        campaign.move_to(CampaignState.SENDING, started_at=timezone.now(), send_rate=rate,
                         pause_reason="")
        record(campaign, action, user, audience=campaign.audience_size, rate=rate)
        _want_delivery(campaign)
    return campaign


def pause(campaign: Campaign, *, user=None) -> Campaign:
    campaign.move_to(CampaignState.PAUSED, paused_at=timezone.now(), pause_reason="")
    record(campaign, "clusterpost.campaign.pause", user)
    return campaign


def resume(campaign: Campaign, *, user=None) -> Campaign:
    """paused -> sending. Re-reads the account's rate and quota (they may have changed,
    which is why the engine paused in the first place)."""
    if not campaign.can_move_to(CampaignState.SENDING):
        raise InvalidTransition(_("A campaign in the state “%(state)s” cannot resume.")
                                % {"state": campaign.get_state_display()})
    rate = _read_account()
    with transaction.atomic():
        campaign.move_to(CampaignState.SENDING, pause_reason="", send_rate=rate)
        record(campaign, "clusterpost.campaign.resume", user)
        _want_delivery(campaign)
    return campaign


def cancel(campaign: Campaign, *, user=None) -> Campaign:
    campaign.move_to(CampaignState.CANCELLED, cancelled_at=timezone.now())
    record(campaign, "clusterpost.campaign.cancel", user)
    return campaign


def resend_unknown(campaign: Campaign, *, user=None) -> int:
    """Editor's decision: resend rows still unknown after the grace period."""
    count = ledger.release_unknown(campaign.pk)
    if count:
        record(campaign, "clusterpost.campaign.resend_unknown", user, rows=count)
        if campaign.state == CampaignState.SENDING:
            _want_delivery(campaign)
    return count


def pause_for_health(campaign: Campaign, reason: str) -> bool:
    """sending -> paused because the campaign's bounce or complaint rate passed its stop
    threshold (newsletter.sesevents.health). ``reason`` is shown to the editor, who must
    confirm before resuming. False if the campaign was no longer sending."""
    try:
        campaign.move_to(CampaignState.PAUSED, paused_at=timezone.now(), pause_reason=reason)
    except InvalidTransition:
        return False
    record(campaign, "clusterpost.campaign.health_pause", None, reason=reason, by="sending health")
    return True
