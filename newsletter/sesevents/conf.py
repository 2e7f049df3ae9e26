"""The SES events app's settings, each with its one default. Override them in cms/settings
(which reads them from the environment, leaving unset ones ``None``)."""

from __future__ import annotations

from django.conf import settings


def _get(name: str, default, cast):
    value = getattr(settings, name, None)
    return default if value is None or value == "" else cast(value)


def topic_arns() -> set[str]:
    """SNS topics whose messages we accept; empty accepts nothing."""
    return set(_get("SNS_TOPIC_ARNS", [], list))


def transient_bounce_limit() -> int:
    """Transient bounces that suppress an address (0: never)…"""
    return _get("SES_TRANSIENT_BOUNCE_LIMIT", 3, int)


def transient_bounce_days() -> int:
    """…within this many days."""
    return _get("SES_TRANSIENT_BOUNCE_DAYS", 7, int)


def webhook_max_bytes() -> int:
    return _get("SES_WEBHOOK_MAX_BYTES", 256 * 1024, int)


def webhook_max_depth() -> int:
    """Deepest JSON nesting the webhook parses (SNS envelopes are 1 deep, SES events ~6)."""
    return _get("SES_WEBHOOK_MAX_DEPTH", 64, int)


def cert_fetch_timeout() -> float:
    return _get("SNS_CERT_FETCH_TIMEOUT", 3.0, float)


def cert_failure_cache_seconds() -> float:
    """A certificate URL whose fetch failed is not fetched again for this long."""
    return _get("SNS_CERT_FAILURE_CACHE", 60.0, float)


def message_max_age() -> float:
    """Seconds an SNS message's Timestamp may be from now (either way) to be accepted."""
    return _get("SNS_MESSAGE_MAX_AGE", 3600.0, float)


def track_opens() -> bool:
    return bool(getattr(settings, "TRACK_OPENS", False))


def track_clicks() -> bool:
    return bool(getattr(settings, "TRACK_CLICKS", False))


def apply_batch_size() -> int:
    """Stored events that one background apply run takes at a time."""
    return _get("SES_EVENTS_APPLY_BATCH", 500, int)


def queue_url() -> str:
    """The SQS queue that ``poll_ses_events`` drains ("" when the webhook is the intake)."""
    return _get("SES_EVENTS_QUEUE_URL", "", str)


def autopause_bounce_rate() -> float:
    """A running campaign pauses at this hard-bounce rate (half of SES's 5% review level)."""
    return _get("SES_AUTOPAUSE_BOUNCE_RATE", 0.025, float)


def autopause_complaint_rate() -> float:
    """…or at this complaint rate (half of SES's 0.1% review level)."""
    return _get("SES_AUTOPAUSE_COMPLAINT_RATE", 0.0005, float)


def autopause_min_sends() -> int:
    """…but only once this many messages of the campaign were sent."""
    return _get("SES_AUTOPAUSE_MIN_SENDS", 200, int)


def no_event_warning_minutes() -> int:
    """A sending campaign with no SES event for this long shows a warning."""
    return _get("SES_NO_EVENT_WARNING_MINUTES", 15, int)


def retention_days() -> int:
    """How long ``ses_prune`` keeps events and SNS MessageIds by default."""
    return _get("SES_EVENTS_RETENTION_DAYS", 395, int)
