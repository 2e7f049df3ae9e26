"""Amazon SES through boto3 ``sesv2`` SendEmail with raw content.

The client makes exactly one attempt per call (``total_max_attempts=1``): SES has no
idempotency key, so a hidden retry after a read timeout could send a message twice.
Every failure is classified into the errors of ``newsletter.transports.base`` and the
delivery engine's retry policy decides what happens next.

One saving on the hot path (see ``_SendHooks``): botocore JSON-encodes the request
body, which escapes the whole base64 message character by character, about a third of
a millisecond of CPU per 120 KB message while holding the GIL. The transport hands
botocore a short placeholder instead and swaps in the base64 of the real message
before the request is signed. The request on the wire is the one botocore would have
written; ``tests/newsletter/campaigns/test_transports.py`` checks the body and the
SigV4 signature. The same hooks call ``OutgoingMessage.ready`` in botocore's
``before-send`` event: after signing, just before the HTTP request is written.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from django.conf import settings

from .base import (
    AccountError,
    OutgoingMessage,
    PermanentError,
    SendResult,
    TemporaryError,
    Transport,
    UnknownOutcomeError,
)
from .conf import ses_pool_size

THROTTLING_CODES = {"TooManyRequestsException", "Throttling", "ThrottlingException"}
ACCOUNT_CODES = {
    "SendingPausedException",
    "AccountSuspendedException",
    "MailFromDomainNotVerifiedException",
    "NotFoundException",  # e.g. the configuration set does not exist: every message would fail
}
PERMANENT_CODES = {"MessageRejected", "BadRequestException", "InvalidParameterValue"}


@dataclass(frozen=True)
class AccountQuota:
    """What GetAccount says about sending limits. ``max_24_hour_send`` < 0 means unlimited."""

    max_send_rate: float
    max_24_hour_send: float
    sent_last_24_hours: float
    sending_enabled: bool = True
    # False: the account is in the SES sandbox (verified recipients only); None: unknown.
    production_access: bool | None = None

    @property
    def remaining_24_hours(self) -> int | None:
        if self.max_24_hour_send < 0:
            return None
        return max(0, int(self.max_24_hour_send - self.sent_last_24_hours))


def classify_client_error(exc: ClientError):
    """Map a botocore ClientError from SES to one of our transport errors."""
    error = exc.response.get("Error", {})
    code = error.get("Code", "") or ""
    message = error.get("Message", "") or str(exc)
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    reason = f"SES {code or status}: {message}"
    lowered = message.lower()
    if "daily message quota exceeded" in lowered or "24 hour" in lowered and "quota" in lowered:
        return AccountError(f"SES daily sending quota reached: {message}", code=code)
    if code in ACCOUNT_CODES:
        return AccountError(reason, code=code)
    if code in THROTTLING_CODES or "maximum sending rate exceeded" in lowered or status == 429:
        return TemporaryError(reason, code=code or "TooManyRequestsException")
    if status >= 500:
        return TemporaryError(reason, code=code)
    if code in PERMANENT_CODES or "invalid" in lowered and "address" in lowered:
        return PermanentError(reason, code=code)
    if code == "LimitExceededException":
        return AccountError(reason, code=code)
    return PermanentError(reason, code=code)


def classify_botocore_error(exc: BotoCoreError):
    """Network-level failures: before the request went out → temporary; after → unknown."""
    if isinstance(exc, ConnectTimeoutError | EndpointConnectionError):
        return TemporaryError(f"Could not connect to SES: {exc}", code="ConnectionError")
    if isinstance(exc, ReadTimeoutError):
        return UnknownOutcomeError(f"SES did not answer in time: {exc}", code="ReadTimeout")
    if isinstance(exc, ConnectionClosedError):
        return UnknownOutcomeError(f"SES closed the connection: {exc}", code="ConnectionClosed")
    return UnknownOutcomeError(f"SES call failed: {exc}", code=type(exc).__name__)


class _SendHooks:
    """botocore event handlers for one SendEmail call at a time per thread.

    ``splice`` (``before-call``): ``send`` passes ``PLACEHOLDER`` as
    ``Content.Raw.Data`` and the real message in a thread-local; after serialization
    and before signing and sending (Content-Length and the payload hash are computed
    later from the final body) the placeholder's base64 is replaced by the message's.
    Base64 needs no JSON escaping, so the result is byte for byte what ``json.dumps``
    would have produced. If the placeholder is not found exactly once the body is
    rebuilt through ``json`` instead: never send a placeholder.

    ``before_send`` (``before-send``): calls the message's ``ready`` hook.
    """

    PLACEHOLDER = b"\x00clusterpost raw message placeholder\x00"
    QUOTED = b'"' + base64.b64encode(PLACEHOLDER) + b'"'

    def __init__(self):
        self.local = threading.local()

    def set(self, message: OutgoingMessage | None) -> None:
        self.local.message = message
        self.local.raw = message.raw if message is not None else None

    def splice(self, params, **kwargs):
        raw, self.local.raw = getattr(self.local, "raw", None), None
        if raw is None:
            return
        body = params["body"]
        data = base64.b64encode(raw)
        if body.count(self.QUOTED) == 1:
            params["body"] = body.replace(self.QUOTED, b'"' + data + b'"')
        else:  # e.g. the placeholder's text also in a tag, or a new botocore serializer
            document = json.loads(body)
            document["Content"]["Raw"]["Data"] = data.decode("ascii")
            params["body"] = json.dumps(document).encode("utf-8")

    def before_send(self, **kwargs):
        message = getattr(self.local, "message", None)
        if message is not None:
            message.about_to_leave()
        # None: botocore goes on and sends the request


class SesTransport(Transport):
    name = "ses"
    calls_ready = True

    def __init__(self, *, region: str | None = None, endpoint_url: str | None = None,
                 configuration_set: str | None = None, max_pool_connections: int | None = None,
                 connect_timeout: float | None = None, read_timeout: float | None = None):
        self.configuration_set = (configuration_set if configuration_set is not None
                                  else settings.SES_CONFIGURATION_SET)
        config = Config(
            retries={"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=connect_timeout or settings.SES_CONNECT_TIMEOUT,
            read_timeout=read_timeout or settings.SES_READ_TIMEOUT,
            # One connection per sending thread of the delivery engine, and a few spare.
            max_pool_connections=max_pool_connections or ses_pool_size(),
            # The parameters are built right here, always of the right types; skipping
            # botocore's per-call validation saves CPU on the hot path.
            parameter_validation=False,
        )
        # A client is thread-safe; one per transport, shared by the sending threads.
        self.client = boto3.session.Session().client(
            "sesv2",
            region_name=region or settings.AWS_REGION,
            endpoint_url=endpoint_url or settings.SES_ENDPOINT_URL,
            config=config,
        )
        self._hooks = _SendHooks()
        self.client.meta.events.register("before-call.sesv2.SendEmail", self._hooks.splice)
        self.client.meta.events.register("before-send.sesv2.SendEmail", self._hooks.before_send)

    def send(self, message: OutgoingMessage) -> SendResult:
        params = {
            "FromEmailAddress": message.sender,
            "Destination": {"ToAddresses": [message.recipient]},
            "Content": {"Raw": {"Data": _SendHooks.PLACEHOLDER}},
        }
        if self.configuration_set:
            params["ConfigurationSetName"] = self.configuration_set
        if message.tags:
            params["EmailTags"] = [{"Name": k, "Value": str(v)} for k, v in message.tags.items()]
        self._hooks.set(message)
        try:
            response = self.client.send_email(**params)
        except ClientError as exc:
            raise classify_client_error(exc) from exc
        except BotoCoreError as exc:
            raise classify_botocore_error(exc) from exc
        finally:
            self._hooks.set(None)
        return SendResult(provider_message_id=response["MessageId"])

    def get_quota(self) -> AccountQuota:
        try:
            account = self.client.get_account()
        except ClientError as exc:
            raise classify_client_error(exc) from exc
        except BotoCoreError as exc:
            raise TemporaryError(f"Could not read the SES account: {exc}") from exc
        quota = account.get("SendQuota", {})
        return AccountQuota(
            max_send_rate=float(quota.get("MaxSendRate", 1) or 1),
            max_24_hour_send=float(quota.get("Max24HourSend", -1)),
            sent_last_24_hours=float(quota.get("SentLast24Hours", 0) or 0),
            sending_enabled=bool(account.get("SendingEnabled", True)),
            production_access=account.get("ProductionAccessEnabled"),
        )

    def close(self) -> None:
        self.client.close()
