"""Live figures for a campaign, counted from settled ledger rows only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from . import ledger
from .models import Campaign, Delivery, DeliveryStatus

RATE_WINDOW = timedelta(seconds=15)


def describe_eta(seconds: int | None, now=None) -> str:
    """'about 12 min, around 14:05' in the site's time zone; '–' when unknown."""
    if not seconds:
        return "–"
    now = now or timezone.now()
    finish = timezone.localtime(now + timedelta(seconds=seconds)).strftime("%H:%M")
    if seconds < 60:
        return _("less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("about %(minutes)d min, around %(finish)s") % {"minutes": minutes,
                                                                 "finish": finish}
    hours, minutes = divmod(minutes, 60)
    return _("about %(hours)d h %(minutes)s min, around %(finish)s") % {
        "hours": hours, "minutes": f"{minutes:02d}", "finish": finish}


def snapshot(campaign: Campaign) -> dict:
    counts = ledger.counts(campaign.pk)
    now = timezone.now()
    since = now - RATE_WINDOW
    recent = Delivery.objects.filter(campaign=campaign, settled_at__gte=since).exclude(
        status=DeliveryStatus.PENDING).count()
    rate = recent / RATE_WINDOW.total_seconds()
    remaining = counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING]
    eta = int(remaining / rate) if rate > 0 and remaining else None
    settled = sum(counts[status] for status in (
        DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED, DeliveryStatus.UNKNOWN))
    total = max(campaign.audience_size, settled + remaining)
    return {
        "id": campaign.pk,
        "state": campaign.state,
        "state_label": campaign.get_state_display(),
        "audience": campaign.audience_size,
        "sent": counts[DeliveryStatus.SENT],
        "failed": counts[DeliveryStatus.FAILED],
        "skipped": counts[DeliveryStatus.SKIPPED],
        "unknown": counts[DeliveryStatus.UNKNOWN],
        "sending": counts[DeliveryStatus.SENDING],
        "remaining": remaining,
        "rate": round(rate, 1),
        "rate_limit": campaign.send_rate,
        "eta_seconds": eta,
        "eta": describe_eta(eta, now),
        "settled": settled,
        "percent": int(settled * 100 / total) if total else 0,
        "pause_reason": campaign.pause_reason,
        "scheduled_at": campaign.scheduled_at.isoformat() if campaign.scheduled_at else None,
        "schedule_timezone": campaign.schedule_timezone,
    }
