"""Storing verified SNS messages and their SES events, and applying each event's effect.

Everything for one SNS message happens in one transaction: the SNS MessageId row (unique,
so a redelivery or replay changes nothing), one ``SesEvent`` per recipient (unique on a
fingerprint, so the same SES event reaching us by two routes is stored once) and the
effects of the events that are new. Effects are idempotent in any order: a Send that
arrives after its ledger row became ``unknown`` settles it; a Bounce before its Send still
suppresses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from . import effects
from .models import SesEvent, SnsMessage
from .normalise import NormalisedEvent, UnknownEvent, normalise
from .sns import SnsEnvelope

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    duplicate: bool = False
    stored: int = 0
    skipped: int = 0  # already stored (same SES event by another route) or not tracked
    effects: list[str] = field(default_factory=list)


def transient_bounce_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "SES_TRANSIENT_BOUNCE_LIMIT", 3)),
        int(getattr(settings, "SES_TRANSIENT_BOUNCE_DAYS", 7)),
    )


def tracked(event_type: str) -> bool:
    if event_type == SesEvent.Type.OPEN:
        return bool(getattr(settings, "TRACK_OPENS", False))
    if event_type == SesEvent.Type.CLICK:
        return bool(getattr(settings, "TRACK_CLICKS", False))
    return True


def record_sns_message(envelope: SnsEnvelope, *, confirmed: bool = False,
                       event_count: int = 0) -> SnsMessage | None:
    """The SnsMessage row, or None when this MessageId was seen before."""
    try:
        with transaction.atomic():
            return SnsMessage.objects.create(
                message_id=envelope.message_id,
                type=envelope.type,
                topic_arn=envelope.topic_arn,
                sent_at=envelope.timestamp,
                signature_version=envelope.signature_version,
                confirmed=confirmed,
                event_count=event_count,
            )
    except IntegrityError:
        return None


def is_duplicate(envelope: SnsEnvelope) -> bool:
    return SnsMessage.objects.filter(message_id=envelope.message_id).exists()


def handle_notification(envelope: SnsEnvelope) -> Outcome:
    outcome = Outcome()
    try:
        events = normalise(envelope.message)
    except UnknownEvent as exc:
        # Genuine (verified, allow-listed) but not an SES event we know: keep the MessageId
        # so that it is not processed twice, and say so in the log.
        log.warning("SNS message %s from %s is not an SES event: %s",
                    envelope.message_id, envelope.topic_arn, exc)
        events = []
    wanted = []
    for event in events:
        if tracked(event.event_type):
            wanted.append(event)
        else:
            outcome.skipped += 1
    with transaction.atomic():
        # The same SES event may already be stored (another route, e.g. an identity
        # notification); a concurrent insert of it fails the unique fingerprint, the
        # transaction rolls back and SNS delivers again (then it is found here).
        known = set(
            SesEvent.objects.filter(fingerprint__in=[e.fingerprint for e in wanted])
            .values_list("fingerprint", flat=True)
        ) if wanted else set()
        new = [e for e in wanted if e.fingerprint not in known]
        outcome.skipped += len(wanted) - len(new)
        sns_message = record_sns_message(envelope, event_count=len(new))
        if sns_message is None:
            outcome.duplicate = True
            outcome.skipped = 0
            return outcome
        stored = SesEvent.objects.bulk_create([_row(sns_message, e) for e in new])
        outcome.stored = len(stored)
        for row in stored:
            effect = apply_effect(row)
            if effect:
                row.effect = effect[:200]
                row.save(update_fields=["effect"])
                outcome.effects.append(effect)
    return outcome


def _row(sns_message: SnsMessage, event: NormalisedEvent) -> SesEvent:
    return SesEvent(
        sns_message=sns_message,
        fingerprint=event.fingerprint,
        event_type=event.event_type,
        source=event.source,
        timestamp=event.timestamp,
        ses_message_id=event.ses_message_id,
        recipient=event.recipient,
        campaign_id=event.campaign_id,
        delivery_id=event.delivery_id,
        bounce_type=event.bounce_type,
        bounce_subtype=event.bounce_subtype,
        diagnostic=event.diagnostic,
        link=event.link,
        user_agent=event.user_agent,
        raw=event.raw,
    )


def apply_effect(event: SesEvent) -> str:
    """What a newly stored event does; returns a short description ("" for nothing)."""
    kind = event.event_type
    if kind == SesEvent.Type.SEND:
        if event.delivery_id is None:
            return ""
        return effects.settle_unknown_delivery(event.delivery_id, event.ses_message_id)
    if kind == SesEvent.Type.COMPLAINT:
        detail = f"SES complaint {event.diagnostic}".strip()
        return effects.suppress_complained(event.recipient, detail)
    if kind == SesEvent.Type.BOUNCE:
        if event.bounce_type == "Permanent":
            detail = f"SES permanent bounce ({event.bounce_subtype}): {event.diagnostic}"
            return effects.suppress_bounced(event.recipient, detail[:500])
        limit, days = transient_bounce_limit()
        count = transient_bounces_in_window(event.recipient, event.timestamp, days)
        if limit > 0 and count >= limit:
            detail = f"{count} transient bounces within {days} days; last: {event.diagnostic}"
            return effects.suppress_bounced(event.recipient, detail[:500])
        return f"transient bounce {count} of {limit} in {days} days"
    return ""


def transient_bounces_in_window(recipient: str, around, days: int) -> int:
    """The most transient bounces of ``recipient`` in any ``days``-long window that holds
    ``around``. Events may arrive out of order, so look both ways."""
    span = timedelta(days=days)
    times = sorted(
        SesEvent.objects.filter(
            recipient=recipient,
            event_type=SesEvent.Type.BOUNCE,
            timestamp__gte=around - span,
            timestamp__lte=around + span,
        )
        .exclude(bounce_type="Permanent")
        .values_list("timestamp", flat=True)
    )
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] > span:
            start += 1
        if times[start] <= around <= moment or times[start] <= around <= times[start] + span:
            best = max(best, end - start + 1)
    return best


def recorded_sends(delivery_ids) -> dict[int, str]:
    """SES MessageIds of recorded Send events by delivery id, for ledger rows that may
    have been marked ``unknown`` after their Send event arrived (the engine's settle can
    overwrite a row the webhook settled a moment before). The delivery engine should ask
    this before resending unknown rows."""
    ids = list(delivery_ids)
    if not ids:
        return {}
    rows = SesEvent.objects.filter(delivery_id__in=ids, event_type=SesEvent.Type.SEND)
    return dict(rows.values_list("delivery_id", "ses_message_id"))


def settle_recorded_sends(delivery_ids) -> int:
    """Settle, through the ledger, every row of ``delivery_ids`` with a recorded Send event.
    Returns how many rows the ledger changed."""
    changed = 0
    for delivery_id, message_id in recorded_sends(delivery_ids).items():
        changed += effects.settle_unknown_delivery(delivery_id, message_id).startswith("settled")
    return changed


def recorded_send(delivery_id: int) -> str | None:
    """The SES MessageId of a recorded Send event for a ledger row, if any. The delivery
    engine may ask this when it marks a row ``unknown``: the Send event may have come first."""
    return (
        SesEvent.objects.filter(delivery_id=delivery_id, event_type=SesEvent.Type.SEND)
        .values_list("ses_message_id", flat=True)
        .first()
    )
