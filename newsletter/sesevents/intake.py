"""The webhook's answer to one POSTed SNS message, without Django's request or response.

Both ways in call :func:`receive`: the Django view (``views.events``, for the site's
middleware stack, the test client and ``runserver``) and the slim WSGI path that
production serves (``wsgi.py``). So both answer every message alike.

Answers:
- 200: a verified message was appended (``queued``), or was a redelivery/replay of one
  already received (SNS MessageId seen before: acknowledged, nothing changes), or a
  subscription message was confirmed (``confirmed``) or noted (``noted``);
- 400: JSON nested deeper than ``SES_WEBHOOK_MAX_DEPTH`` (refused before parsing);
- 403: anything that is not a verified message for an allow-listed topic (bad JSON, bad
  or missing signature, certificate URL not on an SNS host, unknown topic…), with a log
  line; nothing is stored;
- 413: a body over ``SES_WEBHOOK_MAX_BYTES`` (not parsed);
- 503: the signing certificate could not be fetched, or the subscription could not be
  confirmed; SNS retries 5xx answers later.

A notification is stored by one INSERT in autocommit, shared with the notifications
other threads hold at the same moment (``groupcommit``), so a 200 ``queued`` is sent
only once the message is committed. See docs/ses-events.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from . import conf, groupcommit, handlers, jsonlimits, sns

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    status: int
    text: str


QUEUED = Answer(200, "queued\n")
DUPLICATE = Answer(200, "duplicate\n")
TOO_LARGE = Answer(413, "too large\n")
REJECTED = Answer(403, "rejected\n")


def _rejected(client: str, reason: str) -> Answer:
    log.warning("SES webhook rejected a message from %s: %s", client, reason)
    return REJECTED


def receive(read: Callable[[int], bytes], *, content_length: str | None,
            message_type: str | None, client: str) -> Answer:
    """Verify, deduplicate and append one message.

    ``read(n)`` returns at most ``n`` bytes of the body (never more than the request
    holds); ``content_length`` is the request's Content-Length header, ``message_type``
    its ``x-amz-sns-message-type`` header, ``client`` the address to log."""
    limit = conf.webhook_max_bytes()
    try:
        declared = int(content_length or 0)
    except ValueError:
        return _rejected(client, "bad Content-Length")
    if declared > limit:
        log.warning("SES webhook rejected %s bytes from %s: over %s", declared, client, limit)
        return TOO_LARGE
    body = read(limit + 1)  # never more than the limit, whatever the header said
    if len(body) > limit:
        log.warning("SES webhook rejected a body over %s bytes from %s", limit, client)
        return TOO_LARGE
    try:
        message = jsonlimits.loads(body, max_depth=conf.webhook_max_depth())
    except jsonlimits.TooDeep as exc:
        log.warning("SES webhook rejected a message from %s: %s", client, exc)
        return Answer(400, "too deeply nested\n")
    except (ValueError, UnicodeDecodeError) as exc:
        return _rejected(client, f"malformed JSON ({exc})")

    if message_type and isinstance(message, dict) and message_type != message.get("Type"):
        return _rejected(client, "x-amz-sns-message-type differs from the message Type")
    try:
        envelope = sns.verify(message)
    except sns.VerificationError as exc:
        return _rejected(client, str(exc))
    except sns.CertificateUnavailable as exc:
        log.error("SES webhook could not fetch an SNS certificate: %s", exc)
        return Answer(503, "certificate unavailable, retry later\n")

    if envelope.type == "Notification":
        if groupcommit.appender.append(handlers.Append.of(envelope)) is None:
            log.info("SES webhook: SNS message %s seen before; ignored", envelope.message_id)
            return DUPLICATE
        return QUEUED  # committed, and the background apply requested

    if envelope.type == "SubscriptionConfirmation":
        return _confirm(envelope, client)

    # UnsubscribeConfirmation: record it and tell the operator; never resubscribe by itself.
    if handlers.record_sns_message(envelope) is not None:
        log.warning("SNS topic %s unsubscribed this webhook (message %s)",
                    envelope.topic_arn, envelope.message_id)
    return Answer(200, "noted\n")


def _confirm(envelope: sns.SnsEnvelope, client: str) -> Answer:
    region = sns.sns_url_region(envelope.subscribe_url)
    if region is None or region != sns.topic_region(envelope.topic_arn):
        return _rejected(client, f"SubscribeURL {envelope.subscribe_url!r} is not an SNS URL")
    if handlers.is_duplicate(envelope):
        return DUPLICATE
    try:
        sns.confirm_subscription(envelope.subscribe_url)
    except sns.VerificationError as exc:
        return _rejected(client, str(exc))
    except Exception as exc:  # network: let SNS send the confirmation again
        log.error("could not confirm the SNS subscription to %s: %s", envelope.topic_arn, exc)
        return Answer(503, "confirmation failed, retry later\n")
    handlers.record_sns_message(envelope, confirmed=True)
    log.info("confirmed the SNS subscription to %s", envelope.topic_arn)
    return Answer(200, "confirmed\n")
