"""Storing SNS/SQS messages and SES events, and what each event does.

Intake (the webhook, the SQS poller) only *appends*: one ``SnsMessage`` row per message,
unique on its MessageId, so a redelivery or replay changes nothing. The background apply
(``apply.py``) then stores one ``SesEvent`` per recipient (unique on a fingerprint, so the
same SES event reaching us by two routes is stored once) and applies the effects of the
new ones, here. Effects are idempotent in any order: a Send that arrives after its ledger
row became ``unknown`` settles it; a Bounce before its Send still suppresses.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Append:
    """One message to append: the columns of a new ``SnsMessage`` row."""

    message_id: str
    kind: str
    topic_arn: str
    sent_at: datetime | None
    signature_version: str
    body: str
    received_at: datetime

    @classmethod
    def of(cls, envelope: SnsEnvelope) -> Append:
        """A verified notification, received now."""
        return cls(message_id=envelope.message_id, kind=envelope.type,
                   topic_arn=envelope.topic_arn, sent_at=envelope.timestamp,
                   signature_version=envelope.signature_version, body=envelope.message,
                   received_at=timezone.now())


# The columns an append writes; the others keep their defaults (the same values as the
# model's: not confirmed, no events, not applied, no attempt, no error).
_APPEND_COLUMNS = ("message_id", "type", "topic_arn", "sent_at", "received_at",
                   "signature_version", "confirmed", "event_count", "body", "apply_attempts",
                   "apply_error")
_append_sql_cache: dict[tuple[str, int], str] = {}


def _append_sql(connection, count: int) -> str:
    """``INSERT … VALUES (…), (…) ON CONFLICT (message_id) DO NOTHING RETURNING id,
    message_id`` for ``count`` rows, built once per database vendor and row count."""
    key = (connection.vendor, count)
    sql = _append_sql_cache.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(SnsMessage._meta.get_field(name).column)
                            for name in _APPEND_COLUMNS)
        values = "(" + ", ".join(["%s"] * len(_APPEND_COLUMNS)) + ")"
        message_id = quote(SnsMessage._meta.get_field("message_id").column)
        sql = _append_sql_cache[key] = (
            f"INSERT INTO {quote(SnsMessage._meta.db_table)} ({columns}) "
            f"VALUES {', '.join([values] * count)} "
            f"ON CONFLICT ({message_id}) DO NOTHING "
            f"RETURNING {quote(SnsMessage._meta.pk.column)}, {message_id}")
    return sql


def insert_many(rows: list[Append]) -> list[int | None]:
    """Durably append messages, to be applied later: for each row, its new id, or None
    if its MessageId was seen before (stored already, or earlier in ``rows``).

    One statement for all rows, ``INSERT … ON CONFLICT (message_id) DO NOTHING``: no
    savepoint, no exception for a duplicate, and in autocommit its own transaction, so
    the rows are committed (durable) when this returns outside a transaction."""
    if not rows:
        return []
    connection = connections[router.db_for_write(SnsMessage)]
    adapt = connection.ops.adapt_datetimefield_value
    first: dict[str, Append] = {}
    for row in rows:
        first.setdefault(row.message_id, row)
    params = []
    for row in first.values():  # str, int and bool need no adaptation; datetimes do
        params += [row.message_id, row.kind, row.topic_arn, adapt(row.sent_at),
                   adapt(row.received_at), row.signature_version, False, 0, row.body, 0, ""]
    with connection.cursor() as cursor:
        cursor.execute(_append_sql(connection, len(first)), params)
        inserted = {message_id: row_id for row_id, message_id in cursor.fetchall()}
    return [inserted.get(row.message_id) if first[row.message_id] is row else None
            for row in rows]


def append(*, message_id: str, kind: str, topic_arn: str, sent_at: datetime | None,
           signature_version: str, body: str) -> SnsMessage | None:
    """Append one message (:func:`insert_many`) and return its saved row, as the SQS
    poller applies it at once; None if its MessageId was seen before."""
    row = Append(message_id=message_id, kind=kind, topic_arn=topic_arn, sent_at=sent_at,
                 signature_version=signature_version, body=body, received_at=timezone.now())
    row_id = insert_many([row])[0]
    if row_id is None:
        return None
    saved = SnsMessage(id=row_id, message_id=message_id, type=kind, topic_arn=topic_arn,
                       sent_at=sent_at, received_at=row.received_at,
                       signature_version=signature_version, body=body)
    saved._state.adding = False
    saved._state.db = router.db_for_write(SnsMessage)
    return saved


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
