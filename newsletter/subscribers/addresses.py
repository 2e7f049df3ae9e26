"""Email addresses: one normal form, and the keyed hash the suppression list stores."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from . import conf


def normalise_email(email: str) -> str:
    """The stored form: trimmed, NFC, lower-case (local part included, as every large
    mailbox provider treats it case-insensitively)."""
    return unicodedata.normalize("NFC", (email or "").strip()).lower()


def _digest(key: str, normalised: str) -> str:
    derived = hashlib.sha256(b"clusterpost.subscribers.suppression" + key.encode()).digest()
    return hmac.new(derived, normalised.encode(), hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    """HMAC-SHA256 of the normalised address under the current key."""
    return _digest(conf.hash_keys()[0], normalise_email(email))


def email_hashes(email: str) -> list[str]:
    """The hash under the current key and every fallback key (key rotation)."""
    normalised = normalise_email(email)
    return [_digest(key, normalised) for key in conf.hash_keys()]
