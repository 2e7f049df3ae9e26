"""Email addresses: one normal form, and the keyed hash the suppression list stores."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from . import conf


def normalise_email(email: str) -> str:
    """The stored form: trimmed, NFC, lower-case (local part included, as every large
    mailbox provider treats it case-insensitively)."""
    return unicodedata.normalize("NFC", (email or "").strip()).lower()


@lru_cache(maxsize=8)
def _derived(key: str) -> bytes:
    return hashlib.sha256(b"clusterpost.subscribers.suppression" + key.encode()).digest()


def _digest(key: str, normalised: str) -> str:
    return hmac.new(_derived(key), normalised.encode(), hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    """HMAC-SHA256 of the normalised address under the current key."""
    return _digest(conf.hash_keys()[0], normalise_email(email))


def email_hashes(email: str, keys: list[str] | None = None) -> list[str]:
    """The hash under the current key and every fallback key (key rotation). Pass
    ``keys`` (conf.hash_keys()) when hashing many addresses."""
    normalised = normalise_email(email)
    return [_digest(key, normalised) for key in (keys or conf.hash_keys())]
