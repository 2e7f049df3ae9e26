"""Verification of Amazon SNS HTTP(S) messages.

Every message is checked before anything is stored:

- ``Type`` is Notification, SubscriptionConfirmation or UnsubscribeConfirmation;
- ``TopicArn`` is on ``settings.SNS_TOPIC_ARNS``;
- ``SigningCertURL`` is https on exactly ``sns.<region>.amazonaws.com`` (or ``.com.cn``),
  without userinfo or port, in the TopicArn's region, and names a ``.pem`` file;
- ``Timestamp`` is within ``SNS_MESSAGE_MAX_AGE`` (1 hour) of now, either way, so that an
  old signed message cannot be replayed under a fresh MessageId;
- the signature (SignatureVersion 1: RSA PKCS#1 v1.5 over SHA1, 2: over SHA256) verifies
  over the canonical string that AWS documents, with the public key of that certificate.

Certificates are fetched with a short timeout and kept in the Django cache and in the
process; a failed fetch is remembered for ``SNS_CERT_FAILURE_CACHE`` seconds, so forged
posts cannot make us fetch again and again. Tests replace :func:`fetch_pem` (the only
network access) with their own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.cache import cache

from . import conf

log = logging.getLogger(__name__)

MESSAGE_TYPES = ("Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation")
SIGNED_FIELDS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": (
        "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type",
    ),
}
SIGNED_FIELDS["UnsubscribeConfirmation"] = SIGNED_FIELDS["SubscriptionConfirmation"]
HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}

# An AWS region, e.g. eu-west-1, us-gov-west-1, cn-north-1.
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}"
SNS_HOST_RE = re.compile(rf"\Asns\.(?P<region>{_REGION})\.amazonaws\.com(?:\.cn)?\Z")
TOPIC_ARN_RE = re.compile(rf"\Aarn:aws(?:-cn|-us-gov)?:sns:(?P<region>{_REGION}):\d{{12}}:[\w-]{{1,256}}\Z")

CERT_CACHE_SECONDS = 24 * 3600
MAX_CERT_BYTES = 64 * 1024


class VerificationError(Exception):
    """The message is not a genuine SNS message for us. The webhook answers 403."""


class CertificateUnavailable(Exception):
    """The signing certificate could not be fetched (network). The webhook answers 503 so
    that SNS delivers the message again later."""


@dataclass(frozen=True)
class SnsEnvelope:
    type: str
    message_id: str
    topic_arn: str
    message: str
    timestamp: datetime | None
    signature_version: str
    subscribe_url: str = ""
    token: str = ""


def sns_url_region(url: str, *, path_suffix: str = "") -> str | None:
    """The region of an https URL on exactly ``sns.<region>.amazonaws.com[.cn]``, else None.

    Rejects http, userinfo (``https://sns.x.amazonaws.com@evil``), ports, lookalike hosts
    (``sns.us-east-1.amazonaws.com.evil.example``), upper case tricks and backslashes.
    """
    if not isinstance(url, str) or any(c in url for c in "\\\r\n\t @"):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme != "https" or parts.fragment:
        return None
    match = SNS_HOST_RE.match(parts.netloc)  # the whole netloc: no port, no userinfo
    if not match:
        return None
    if path_suffix and (not parts.path.endswith(path_suffix) or parts.query):
        return None
    return match.group("region")


def topic_region(topic_arn: str) -> str | None:
    match = TOPIC_ARN_RE.match(topic_arn or "")
    return match.group("region") if match else None


def canonical_string(message: dict) -> bytes:
    """The string SNS signs: ``name\\nvalue\\n`` for each signed field present, in order."""
    fields = SIGNED_FIELDS[message["Type"]]
    out = []
    for name in fields:
        if name == "Subject" and message.get("Subject") is None:
            continue
        value = message.get(name)
        if not isinstance(value, str):
            raise VerificationError(f"field {name} missing or not a string")
        out.append(f"{name}\n{value}\n")
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates from "\ud800" escapes
        raise VerificationError("signed fields are not valid Unicode") from exc


def fetch_pem(url: str) -> bytes:
    """GET the signing certificate. The only network access of verification."""
    timeout = conf.cert_fetch_timeout()
    request = urllib.request.Request(url, headers={"User-Agent": "clusterpost-sns-verifier"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - host checked
        return response.read(MAX_CERT_BYTES + 1)


class CertificateStore:
    """Public keys of SNS signing certificates by URL: in-process, then Django cache, then
    :func:`fetch_pem`."""

    def __init__(self):
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._failed: dict[str, float] = {}  # url -> monotonic time of the failed fetch
        self._lock = threading.Lock()
        self.fetches = 0  # for tests and the benchmark

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()
            self._failed.clear()

    @staticmethod
    def _cache_key(url: str) -> str:
        return "sesevents:sns-cert:" + hashlib.sha256(url.encode()).hexdigest()

    def public_key(self, url: str) -> rsa.RSAPublicKey:
        key = self._keys.get(url)
        if key is not None:
            return key
        pem = cache.get(self._cache_key(url))
        from_cache = pem is not None
        if pem is None:
            failed_at = self._failed.get(url)
            if failed_at is not None and time.monotonic() - failed_at < conf.cert_failure_cache_seconds():
                raise CertificateUnavailable(f"fetching {url} failed moments ago; not retried yet")
            self.fetches += 1
            try:
                pem = fetch_pem(url)
            except Exception as exc:  # network errors of every kind
                with self._lock:
                    self._failed[url] = time.monotonic()
                raise CertificateUnavailable(f"could not fetch {url}: {exc}") from exc
            if len(pem) > MAX_CERT_BYTES:
                raise VerificationError("signing certificate too large")
        key = self._load(pem)
        if not from_cache:
            cache.set(self._cache_key(url), pem, CERT_CACHE_SECONDS)
        with self._lock:
            self._keys[url] = key
        return key

    @staticmethod
    def _load(pem: bytes) -> rsa.RSAPublicKey:
        try:
            cert = x509.load_pem_x509_certificate(pem)
        except ValueError as exc:
            raise VerificationError("signing certificate is not a PEM X.509 certificate") from exc
        now = datetime.now(UTC)
        if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
            raise VerificationError("signing certificate is outside its validity period")
        key = cert.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate has no RSA key")
        return key


certificates = CertificateStore()


def _parse_timestamp(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


def verify(message: object) -> SnsEnvelope:
    """Check one decoded SNS message. Raises VerificationError (or CertificateUnavailable)."""
    if not isinstance(message, dict):
        raise VerificationError("not a JSON object")
    kind = message.get("Type")
    if kind not in MESSAGE_TYPES:
        raise VerificationError(f"unknown Type {kind!r}")
    topic_arn = message.get("TopicArn")
    if not isinstance(topic_arn, str) or topic_arn not in conf.topic_arns():
        raise VerificationError(f"TopicArn {topic_arn!r} is not in SNS_TOPIC_ARNS")
    version = message.get("SignatureVersion")
    if version not in HASHES:
        raise VerificationError(f"unsupported SignatureVersion {version!r}")
    cert_url = message.get("SigningCertURL") or message.get("SigningCertUrl")
    cert_region = sns_url_region(cert_url, path_suffix=".pem")
    if cert_region is None:
        raise VerificationError(f"SigningCertURL {cert_url!r} is not an SNS certificate URL")
    arn_region = topic_region(topic_arn)
    if arn_region is not None and arn_region != cert_region:
        raise VerificationError("SigningCertURL region differs from the TopicArn's region")
    message_id = message.get("MessageId")
    if not isinstance(message_id, str) or not 0 < len(message_id) <= 100:
        raise VerificationError("missing MessageId")
    try:
        signature = base64.b64decode(message.get("Signature") or "", validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise VerificationError("Signature is not base64") from exc
    if not signature:
        raise VerificationError("missing Signature")
    signed = canonical_string(message)
    timestamp = _parse_timestamp(message.get("Timestamp"))
    max_age = conf.message_max_age()
    if timestamp is None or timestamp.tzinfo is None:
        raise VerificationError("Timestamp missing or not an ISO 8601 UTC time")
    if abs((datetime.now(UTC) - timestamp).total_seconds()) > max_age:
        raise VerificationError(f"Timestamp {message.get('Timestamp')!r} is more than "
                                f"{max_age:.0f} s from now")
    key = certificates.public_key(cert_url)
    try:
        key.verify(signature, signed, padding.PKCS1v15(), HASHES[version]())
    except InvalidSignature as exc:
        raise VerificationError("signature does not verify") from exc
    subscribe_url = message.get("SubscribeURL") or ""
    return SnsEnvelope(
        type=kind,
        message_id=message_id,
        topic_arn=topic_arn,
        message=message["Message"],
        timestamp=timestamp,
        signature_version=version,
        subscribe_url=subscribe_url,
        token=message.get("Token") or "",
    )


def confirm_subscription(subscribe_url: str) -> None:
    """GET the SubscribeURL of a verified SubscriptionConfirmation (an SNS https URL)."""
    if sns_url_region(subscribe_url) is None:
        raise VerificationError(f"SubscribeURL {subscribe_url!r} is not an SNS URL")
    timeout = conf.cert_fetch_timeout()
    request = urllib.request.Request(subscribe_url, headers={"User-Agent": "clusterpost-sns"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - host checked
        response.read(MAX_CERT_BYTES)
