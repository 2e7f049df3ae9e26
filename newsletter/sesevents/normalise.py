"""SES event JSON → normalised events, one per recipient (in the manner of django-anymail).

Two shapes reach the webhook through SNS:

- *event publishing* from a configuration set's event destination: ``eventType`` is Send,
  Delivery, Bounce, Complaint, Reject, DeliveryDelay, Subscription, Open, Click or
  Rendering Failure, and ``mail.tags`` carries our EmailTags (campaign, delivery);
- *identity notifications*: ``notificationType`` is Bounce, Complaint or Delivery.

Both become :class:`NormalisedEvent` objects. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr

from . import conf, jsonlimits


class UnknownEvent(ValueError):
    """The message is not an SES event we understand."""


EVENT_TYPES = {
    "send": "send",
    "delivery": "delivery",
    "bounce": "bounce",
    "complaint": "complaint",
    "reject": "reject",
    "deliverydelay": "delivery_delay",
    "subscription": "subscription",
    "open": "open",
    "click": "click",
    "rendering failure": "rendering_failure",
    "renderingfailure": "rendering_failure",
}
# The key of the event-specific object in the payload, per normalised type.
DETAIL_KEYS = {
    "send": "send",
    "delivery": "delivery",
    "bounce": "bounce",
    "complaint": "complaint",
    "reject": "reject",
    "delivery_delay": "deliveryDelay",
    "subscription": "subscription",
    "open": "open",
    "click": "click",
    "rendering_failure": "failure",
}


@dataclass
class NormalisedEvent:
    event_type: str
    source: str  # "event" (event publishing) or "identity" (identity notification)
    timestamp: datetime
    ses_message_id: str
    recipient: str
    campaign_id: int | None = None
    delivery_id: int | None = None
    bounce_type: str = ""
    bounce_subtype: str = ""
    diagnostic: str = ""
    link: str = ""
    user_agent: str = ""
    raw: dict = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Identity of the event across SNS deliveries and across the two shapes."""
        parts = [
            self.event_type,
            self.ses_message_id,
            self.recipient,
            self.timestamp.isoformat(),
            self.link,
            self.bounce_type,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def normalise_address(value: str) -> str:
    """``"Ann <Ann@Example.ORG>"`` → ``ann@example.org``."""
    address = parseaddr(value or "")[1] or (value or "")
    return address.strip().lower()


def parse_time(value: object, fallback: datetime | None = None) -> datetime:
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if fallback is not None:
        return fallback
    raise UnknownEvent(f"no usable timestamp ({value!r})")


def _tag_int(tags: object, name: str) -> int | None:
    """``mail.tags`` maps names to lists of strings: {"campaign": ["12"]}."""
    if not isinstance(tags, dict):
        return None
    values = tags.get(name)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return None
    for value in values:
        try:
            return int(str(value).strip())
        except ValueError:
            continue
    return None


def _clip(value: object, length: int) -> str:
    return str(value or "")[:length]


def normalise(payload: dict | str) -> list[NormalisedEvent]:
    """All the normalised events in one SES event message (the SNS ``Message``)."""
    if isinstance(payload, str | bytes):
        try:
            payload = jsonlimits.loads(payload, max_depth=conf.webhook_max_depth())
        except jsonlimits.TooDeep as exc:
            raise UnknownEvent(str(exc)) from exc
        except ValueError as exc:
            raise UnknownEvent("Message is not JSON") from exc
    if not isinstance(payload, dict):
        raise UnknownEvent("Message is not a JSON object")
    if "eventType" in payload:
        source, kind = "event", payload.get("eventType")
    elif "notificationType" in payload:
        source, kind = "identity", payload.get("notificationType")
    else:
        if payload.get("Event") == "AmazonSnsSubscriptionSucceeded" or "Service" in payload:
            return []  # SES's own test/confirmation notices carry no events
        raise UnknownEvent("neither eventType nor notificationType")
    event_type = EVENT_TYPES.get(str(kind).strip().lower())
    if event_type is None:
        raise UnknownEvent(f"unknown event type {kind!r}")

    mail = payload.get("mail") if isinstance(payload.get("mail"), dict) else {}
    detail = payload.get(DETAIL_KEYS[event_type])
    detail = detail if isinstance(detail, dict) else {}
    ses_message_id = _clip(mail.get("messageId"), 200)
    if not ses_message_id:
        raise UnknownEvent("mail.messageId missing")
    mail_time = parse_time(mail.get("timestamp"), fallback=None) if mail.get("timestamp") else None
    timestamp = parse_time(detail.get("timestamp"), fallback=mail_time)
    tags = mail.get("tags")
    base = {
        "event_type": event_type,
        "source": source,
        "timestamp": timestamp,
        "ses_message_id": ses_message_id,
        "campaign_id": _tag_int(tags, "campaign"),
        "delivery_id": _tag_int(tags, "delivery"),
        "raw": payload,
    }
    destination = [a for a in mail.get("destination") or [] if isinstance(a, str)]

    events: list[NormalisedEvent] = []
    if event_type == "bounce":
        bounce_type = _clip(detail.get("bounceType"), 30)
        bounce_subtype = _clip(detail.get("bounceSubType"), 40)
        for entry in detail.get("bouncedRecipients") or []:
            if not isinstance(entry, dict):
                continue
            diagnostic = entry.get("diagnosticCode") or entry.get("status") or bounce_subtype
            events.append(NormalisedEvent(
                **base, recipient=normalise_address(entry.get("emailAddress")),
                bounce_type=bounce_type, bounce_subtype=bounce_subtype,
                diagnostic=_clip(diagnostic, 2000),
            ))
    elif event_type == "complaint":
        feedback = detail.get("complaintFeedbackType") or detail.get("complaintSubType") or ""
        for entry in detail.get("complainedRecipients") or []:
            if isinstance(entry, dict):
                events.append(NormalisedEvent(
                    **base, recipient=normalise_address(entry.get("emailAddress")),
                    diagnostic=_clip(feedback, 2000),
                ))
    elif event_type == "delivery_delay":
        for entry in detail.get("delayedRecipients") or []:
            if isinstance(entry, dict):
                events.append(NormalisedEvent(
                    **base, recipient=normalise_address(entry.get("emailAddress")),
                    bounce_subtype=_clip(detail.get("delayType"), 40),
                    diagnostic=_clip(entry.get("diagnosticCode") or entry.get("status"), 2000),
                ))
    else:
        if event_type == "delivery":
            recipients = [a for a in detail.get("recipients") or [] if isinstance(a, str)]
            recipients = recipients or destination
        else:
            recipients = destination
        extra = {}
        if event_type == "click":
            extra = {"link": _clip(detail.get("link"), 2048), "user_agent": _clip(detail.get("userAgent"), 512)}
        elif event_type == "open":
            extra = {"user_agent": _clip(detail.get("userAgent"), 512)}
        elif event_type == "reject":
            extra = {"diagnostic": _clip(detail.get("reason"), 2000)}
        elif event_type == "rendering_failure":
            extra = {"diagnostic": _clip(detail.get("errorMessage"), 2000)}
        elif event_type == "delivery":
            extra = {"diagnostic": _clip(detail.get("smtpResponse"), 2000)}
        elif event_type == "subscription":
            extra = {"diagnostic": _clip(json.dumps(detail.get("newTopicPreferences") or {}), 2000)}
        for address in recipients:
            events.append(NormalisedEvent(**base, recipient=normalise_address(address), **extra))

    # One SES event lists each recipient once, but be safe against repeats.
    unique: dict[str, NormalisedEvent] = {}
    for event in events:
        if event.recipient:
            unique.setdefault(event.fingerprint, event)
    return list(unique.values())
