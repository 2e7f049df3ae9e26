"""Applying appended SES events in batches: the one path behind the webhook and SQS.

``apply_messages(rows)`` takes ``SnsMessage`` rows not yet applied, in arrival order, and
inside the caller's transaction:

1. normalises each body into events (one per recipient; untracked opens/clicks dropped);
2. drops events already stored (fingerprint) with one query for the whole batch;
3. stores the new ones in one bulk insert;
4. applies each one's effect in arrival order (suppression, ledger settling) and writes
   the effect strings back, one UPDATE per distinct string;
5. marks the messages applied and empties their bodies (the events keep the JSON), one
   UPDATE per distinct event count (usually one);
6. pauses any sending campaign of the batch whose bounce or complaint rate passed its
   stop threshold (``health.campaign_health``).

Everything is idempotent: a message is applied once (its row is locked and then marked),
an event acts once (its fingerprint is unique), and each effect may run in any order.

``apply_pending()`` is one background batch: it locks pending rows (``SKIP LOCKED`` on
PostgreSQL, so several workers share the work; SQLite serialises writers) and applies
them. If the batch fails, each message is retried on its own, so one bad message cannot
hold the others back; a message that fails ``MAX_ATTEMPTS`` times is given up, keeps its
body and error, and is counted on the SES report.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import conf, effects, handlers
from .health import campaign_health
from .models import SesEvent, SnsMessage
from .normalise import UnknownEvent, normalise

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
HEALTH_TYPES = (SesEvent.Type.BOUNCE, SesEvent.Type.COMPLAINT, SesEvent.Type.SEND)


@dataclass
class Applied:
    messages: int = 0
    stored: int = 0
    skipped: int = 0  # already stored (same SES event by another route) or not tracked
    failed: int = 0
    paused: list[int] = field(default_factory=list)  # campaign ids
    failed_ids: list[int] = field(default_factory=list)

    def add(self, other: Applied) -> None:
        self.messages += other.messages
        self.stored += other.stored
        self.skipped += other.skipped
        self.failed += other.failed
        self.paused += other.paused
        self.failed_ids += other.failed_ids


def pending():
    return SnsMessage.objects.filter(applied_at=None, type=SnsMessage.Type.NOTIFICATION).order_by("pk")


def _events_of(row: SnsMessage, applied: Applied) -> list:
    try:
        events = normalise(row.body)
    except UnknownEvent as exc:
        # Genuine (verified, allow-listed) but not an SES event we know: keep the MessageId
        # so that it is not processed twice, and say so in the log.
        log.warning("SNS message %s from %s is not an SES event: %s",
                    row.message_id, row.topic_arn, exc)
        return []
    wanted = [event for event in events if handlers.tracked(event.event_type)]
    applied.skipped += len(events) - len(wanted)
    return wanted


def apply_messages(rows: list[SnsMessage]) -> Applied:
    """Apply these pending rows, in order, in the caller's transaction."""
    applied = Applied(messages=len(rows))
    parsed = [(row, _events_of(row, applied)) for row in rows]
    fingerprints = [event.fingerprint for _row, events in parsed for event in events]
    seen = set(SesEvent.objects.filter(fingerprint__in=fingerprints)
               .values_list("fingerprint", flat=True)) if fingerprints else set()
    new_rows = []
    for row, events in parsed:
        row.event_count = 0
        for event in events:
            if event.fingerprint in seen:
                applied.skipped += 1
                continue
            seen.add(event.fingerprint)
            new_rows.append(handlers.event_row(row, event))
            row.event_count += 1
    stored = SesEvent.objects.bulk_create(new_rows)
    applied.stored = len(stored)
    by_effect: dict[str, list[int]] = defaultdict(list)
    for event in stored:
        effect = handlers.apply_effect(event)
        if effect:
            event.effect = effect[:200]
            by_effect[event.effect].append(event.pk)
    # Plain UPDATEs grouped by value: Django's bulk_update builds a CASE per row, which
    # costs more than the rest of the batch together.
    for effect, pks in by_effect.items():
        SesEvent.objects.filter(pk__in=pks).update(effect=effect)
    now = timezone.now()
    by_count: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        row.applied_at, row.body, row.apply_error = now, "", ""
        by_count[row.event_count].append(row.pk)
    for count, pks in by_count.items():
        SnsMessage.objects.filter(pk__in=pks).update(applied_at=now, body="", apply_error="",
                                                     event_count=count)
    applied.paused = _stop_unhealthy(event.campaign_id for event in stored
                                     if event.campaign_id is not None
                                     and event.event_type in HEALTH_TYPES)
    return applied


def _stop_unhealthy(campaign_ids) -> list[int]:
    paused = []
    for campaign in effects.sending_campaigns(campaign_ids):
        reason = campaign_health(campaign.pk).stop_reason
        if reason and effects.pause_campaign(campaign, reason):
            log.warning("campaign %s paused: %s", campaign.pk, reason)
            paused.append(campaign.pk)
    return paused


def apply_pending(limit: int | None = None, *, exclude=()) -> Applied:
    """Apply one batch of pending messages (oldest first), leaving out the ids in
    ``exclude``. Returns what it did; ``failed_ids`` are the messages that failed."""
    limit = limit or conf.apply_batch_size()
    queryset = pending().exclude(pk__in=list(exclude)) if exclude else pending()
    try:
        with transaction.atomic():
            rows = list(queryset.select_for_update(skip_locked=True)[:limit])
            return apply_messages(rows) if rows else Applied()
    except Exception:
        log.exception("SES events: a batch failed; applying its messages one by one")
    return _one_by_one(queryset, limit)


def _one_by_one(queryset, limit: int) -> Applied:
    applied = Applied()
    for pk in list(queryset.values_list("pk", flat=True)[:limit]):
        try:
            with transaction.atomic():
                rows = list(pending().filter(pk=pk).select_for_update(skip_locked=True))
                if rows:
                    applied.add(apply_messages(rows))
        except Exception as exc:
            applied.failed += 1
            applied.failed_ids.append(pk)
            _record_failure(pk, exc)
    return applied


def _record_failure(pk: int, exc: Exception) -> None:
    row = SnsMessage.objects.filter(pk=pk).first()
    if row is None:
        return
    row.apply_attempts += 1
    row.apply_error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.apply_attempts >= MAX_ATTEMPTS:
        row.applied_at = timezone.now()  # given up: kept, with its body, for an operator
        log.error("SES events: gave up on SNS message %s after %s attempts: %s",
                  row.message_id, row.apply_attempts, row.apply_error)
    else:
        log.warning("SES events: SNS message %s failed (attempt %s): %s",
                    row.message_id, row.apply_attempts, row.apply_error)
    row.save(update_fields=["apply_attempts", "apply_error", "applied_at"])


def drain(budget_seconds: float = 30.0) -> Applied:
    """Apply batches until nothing is pending (or the time budget is spent). A message
    that fails is tried once per drain; the next drain (the next task) tries it again."""
    total = Applied()
    deadline = time.monotonic() + budget_seconds
    while time.monotonic() < deadline:
        batch = apply_pending(exclude=total.failed_ids)
        total.add(batch)
        if batch.messages == 0 and batch.failed == 0:
            break
    return total


def failed_count() -> int:
    """Messages given up after ``MAX_ATTEMPTS`` (shown on the SES report)."""
    return SnsMessage.objects.exclude(applied_at=None).exclude(apply_error="").count()
