"""``POST /newsletter/ses/events/``: Amazon SNS deliveries of SES events.

The request only verifies, deduplicates and appends (one INSERT), then answers; the
effects are applied in the background (``tasks.apply_events``), so the webhook keeps up
with sending. See docs/ses-events.md.

Answers:
- 200: a verified message was appended (``queued``), or was a redelivery/replay of one
  already received (SNS MessageId seen before: acknowledged, nothing changes);
- 400: JSON nested deeper than ``SES_WEBHOOK_MAX_DEPTH`` (refused before parsing);
- 403: anything that is not a verified message for an allow-listed topic (bad JSON, bad
  or missing signature, certificate URL not on an SNS host, unknown topic…), with a log
  line; nothing is stored;
- 413: a body over ``SES_WEBHOOK_MAX_BYTES`` (not parsed);
- 503: the signing certificate could not be fetched; SNS retries 5xx answers later.
"""

from __future__ import annotations

import logging

from csp.decorators import csp_exempt
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import conf, handlers, jsonlimits, sns, tasks

log = logging.getLogger(__name__)


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "?")


def _forbidden(request, reason: str) -> HttpResponse:
    log.warning("SES webhook rejected a message from %s: %s", _client(request), reason)
    return HttpResponseForbidden("rejected\n", content_type="text/plain")


# SNS reads only the status: no Content-Security-Policy to build for a text/plain answer.
@csp_exempt()
@csp_exempt(REPORT_ONLY=True)
@csrf_exempt
@require_POST
def events(request):
    limit = conf.webhook_max_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _forbidden(request, "bad Content-Length")
    if declared > limit:
        log.warning("SES webhook rejected %s bytes from %s: over %s", declared, _client(request), limit)
        return HttpResponse("too large\n", status=413, content_type="text/plain")
    body = request.read(limit + 1)  # never more than the limit, whatever the header said
    if len(body) > limit:
        log.warning("SES webhook rejected a body over %s bytes from %s", limit, _client(request))
        return HttpResponse("too large\n", status=413, content_type="text/plain")
    try:
        message = jsonlimits.loads(body, max_depth=conf.webhook_max_depth())
    except jsonlimits.TooDeep as exc:
        log.warning("SES webhook rejected a message from %s: %s", _client(request), exc)
        return HttpResponseBadRequest("too deeply nested\n", content_type="text/plain")
    except (ValueError, UnicodeDecodeError) as exc:
        return _forbidden(request, f"malformed JSON ({exc})")

    header_type = request.headers.get("x-amz-sns-message-type")
    if header_type and isinstance(message, dict) and header_type != message.get("Type"):
        return _forbidden(request, "x-amz-sns-message-type differs from the message Type")
    try:
        envelope = sns.verify(message)
    except sns.VerificationError as exc:
        return _forbidden(request, str(exc))
    except sns.CertificateUnavailable as exc:
        log.error("SES webhook could not fetch an SNS certificate: %s", exc)
        return HttpResponse("certificate unavailable, retry later\n", status=503,
                            content_type="text/plain")

    if envelope.type == "Notification":
        if handlers.append_envelope(envelope) is None:
            log.info("SES webhook: SNS message %s seen before; ignored", envelope.message_id)
            return HttpResponse("duplicate\n", content_type="text/plain")
        tasks.request_apply()
        return HttpResponse("queued\n", content_type="text/plain")

    if envelope.type == "SubscriptionConfirmation":
        return _confirm(request, envelope)

    # UnsubscribeConfirmation: record it and tell the operator; never resubscribe by itself.
    if handlers.record_sns_message(envelope) is not None:
        log.warning("SNS topic %s unsubscribed this webhook (message %s)",
                    envelope.topic_arn, envelope.message_id)
    return HttpResponse("noted\n", content_type="text/plain")


def _confirm(request, envelope: sns.SnsEnvelope) -> HttpResponse:
    region = sns.sns_url_region(envelope.subscribe_url)
    if region is None or region != sns.topic_region(envelope.topic_arn):
        return _forbidden(request, f"SubscribeURL {envelope.subscribe_url!r} is not an SNS URL")
    if handlers.is_duplicate(envelope):
        return HttpResponse("duplicate\n", content_type="text/plain")
    try:
        sns.confirm_subscription(envelope.subscribe_url)
    except sns.VerificationError as exc:
        return _forbidden(request, str(exc))
    except Exception as exc:  # network: let SNS send the confirmation again
        log.error("could not confirm the SNS subscription to %s: %s", envelope.topic_arn, exc)
        return HttpResponse("confirmation failed, retry later\n", status=503,
                            content_type="text/plain")
    handlers.record_sns_message(envelope, confirmed=True)
    log.info("confirmed the SNS subscription to %s", envelope.topic_arn)
    return HttpResponse("confirmed\n", content_type="text/plain")
