"""Storing SNS/SQS messages and SES events, and what each event does.

Intake (the webhook, the SQS poller) only *appends*: one ``SnsMessage`` row per message,
unique on its MessageId, so a redelivery or replay changes nothing. The background apply
(``apply.py``) then stores one ``SesEvent`` per recipient (unique on a fingerprint, so the
same SES event reaching us by two routes is stored once) and applies the effects of the
new ones, here. Effects are idempotent in any order: a Send that arrives after its ledger
row became ``unknown`` settles it; a Bounce before its Send still suppresses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

from . import conf, effects
from .models import SesEvent, SnsMessage
from .normalise import NormalisedEvent
from .sns import SnsEnvelope


def tracked(event_type: str) -> bool:
    if event_type == SesEvent.Type.OPEN:
        return conf.track_opens()
    if event_type == SesEvent.Type.CLICK:
        return conf.track_clicks()
    return True


# The columns one append writes; the others keep their database defaults' Python values.
_APPEND_COLUMNS = ("message_id", "type", "topic_arn", "sent_at", "received_at",
                   "signature_version", "confirmed", "event_count", "body", "apply_attempts",
                   "apply_error")


def _append_sql(connection) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(SnsMessage._meta.get_field(name).column) for name in _APPEND_COLUMNS)
    values = ", ".join(["%s"] * len(_APPEND_COLUMNS))
    return (f"INSERT INTO {quote(SnsMessage._meta.db_table)} ({columns}) VALUES ({values}) "
            f"ON CONFLICT ({quote(SnsMessage._meta.get_field('message_id').column)}) DO NOTHING "
            f"RETURNING {quote(SnsMessage._meta.pk.column)}")


def append(*, message_id: str, kind: str, topic_arn: str, sent_at: datetime | None,
           signature_version: str, body: str) -> SnsMessage | None:
    """Durably append one notification, to be applied later; None if its MessageId was
    seen before. One statement, ``INSERT … ON CONFLICT (message_id) DO NOTHING``: no
    savepoint, no exception for a duplicate, and in autocommit its own transaction, so the
    row is committed (durable) when this returns outside a transaction."""
    connection = connections[router.db_for_write(SnsMessage)]
    values = {"message_id": message_id, "type": kind, "topic_arn": topic_arn,
              "sent_at": sent_at, "received_at": timezone.now(),
              "signature_version": signature_version, "confirmed": False, "event_count": 0,
              "body": body, "apply_attempts": 0, "apply_error": ""}
    params = [SnsMessage._meta.get_field(name).get_db_prep_save(values[name], connection)
              for name in _APPEND_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(_append_sql(connection), params)
        inserted = cursor.fetchone()
    if inserted is None:
        return None
    row = SnsMessage(id=inserted[0], **values)
    row._state.adding = False
    row._state.db = connection.alias
    return row


def append_envelope(envelope: SnsEnvelope) -> SnsMessage | None:
    return append(message_id=envelope.message_id, kind=envelope.type,
                  topic_arn=envelope.topic_arn, sent_at=envelope.timestamp,
                  signature_version=envelope.signature_version, body=envelope.message)


def record_sns_message(envelope: SnsEnvelope, *, confirmed: bool = False) -> SnsMessage | None:
    """A subscription message: recorded as already applied (it has no events). None when
    this MessageId was seen before."""
    try:
        with transaction.atomic():
            return SnsMessage.objects.create(
                message_id=envelope.message_id, type=envelope.type,
                topic_arn=envelope.topic_arn, sent_at=envelope.timestamp,
                signature_version=envelope.signature_version, confirmed=confirmed,
                applied_at=timezone.now(),
            )
    except IntegrityError:
        return None


def is_duplicate(envelope: SnsEnvelope) -> bool:
    return SnsMessage.objects.filter(message_id=envelope.message_id).exists()


def event_row(sns_message: SnsMessage, event: NormalisedEvent) -> SesEvent:
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
        limit, days = conf.transient_bounce_limit(), conf.transient_bounce_days()
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
