"""Live figures for a campaign, counted from settled ledger rows only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from . import ledger
from .models import Campaign, Delivery, DeliveryStatus

RATE_WINDOW = timedelta(seconds=15)


def snapshot(campaign: Campaign) -> dict:
    counts = ledger.counts(campaign.pk)
    since = timezone.now() - RATE_WINDOW
    recent = Delivery.objects.filter(campaign=campaign, settled_at__gte=since).exclude(
        status=DeliveryStatus.PENDING).count()
    rate = recent / RATE_WINDOW.total_seconds()
    remaining = counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING]
    eta = int(remaining / rate) if rate > 0 and remaining else None
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
        "pause_reason": campaign.pause_reason,
        "scheduled_at": campaign.scheduled_at.isoformat() if campaign.scheduled_at else None,
        "schedule_timezone": campaign.schedule_timezone,
    }
