"""How the event intake is doing, for the SES report: lag, backlog, failures, silence.

- **Event lag**: from the SES event's own timestamp to the moment we applied it
  (``SesEvent.received_at``), over the most recent ``LAG_SAMPLE`` events of the last 24 h.
- **Backlog**: messages appended but not applied yet, and the age of the oldest one
  (a growing backlog means no ``db_worker`` serves the ``events`` queue).
- **Failed**: messages given up after ``apply.MAX_ATTEMPTS``; the SQS dead-letter queue.
- **Silent campaigns**: sending for ``SES_NO_EVENT_WARNING_MINUTES`` (15) without one event
  since they started: SES events are probably not reaching us.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from botocore.exceptions import BotoCoreError, ClientError
from django.utils import timezone

from newsletter.campaigns.models import Campaign, CampaignState

from . import apply, conf, sqs
from .models import SesEvent

log = logging.getLogger(__name__)
LAG_SAMPLE = 1000


@dataclass(frozen=True)
class Lag:
    events: int
    median_seconds: float | None
    max_seconds: float | None


@dataclass(frozen=True)
class IntakeStatus:
    lag: Lag
    pending: int
    oldest_pending_seconds: float | None
    failed: int
    dead_letters: int | None  # None: no SQS queue configured (or it could not be read)
    dead_letter_error: str
    silent_campaigns: list[Campaign]


def event_lag(now=None) -> Lag:
    now = now or timezone.now()
    rows = (SesEvent.objects.filter(received_at__gte=now - timedelta(hours=24))
            .order_by("-received_at").values_list("timestamp", "received_at")[:LAG_SAMPLE])
    lags = [max(0.0, (applied - happened).total_seconds()) for happened, applied in rows]
    if not lags:
        return Lag(0, None, None)
    return Lag(len(lags), median(lags), max(lags))


def silent_campaigns(now=None) -> list[Campaign]:
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=conf.no_event_warning_minutes())
    silent = []
    for campaign in Campaign.objects.filter(state=CampaignState.SENDING, started_at__lte=cutoff):
        if not SesEvent.objects.filter(campaign_id=campaign.pk,
                                       received_at__gte=campaign.started_at).exists():
            silent.append(campaign)
    return silent


def intake_status(now=None) -> IntakeStatus:
    now = now or timezone.now()
    oldest = apply.pending().values_list("received_at", flat=True).first()
    dead_letters, error = None, ""
    if conf.queue_url():
        try:
            dead_letters = sqs.dead_letter_count()
        except (BotoCoreError, ClientError) as exc:
            log.warning("could not read the SQS dead-letter queue: %s", exc)
            error = str(exc)
    return IntakeStatus(
        lag=event_lag(now),
        pending=apply.pending().count(),
        oldest_pending_seconds=(now - oldest).total_seconds() if oldest else None,
        failed=apply.failed_count(),
        dead_letters=dead_letters,
        dead_letter_error=error,
        silent_campaigns=silent_campaigns(now),
    )
