"""Signed tokens for links in emails: one salt per purpose, one subscriber per token.

A token carries the subscriber's random public id (never the address). A token made
for one purpose fails for every other one, because the salt differs.

- confirm:      expires (SUBSCRIBERS_CONFIRM_MAX_AGE) and is bound to the latest request
                through the subscriber's confirm_nonce.
- preferences:  expires after SUBSCRIBERS_PREFERENCES_MAX_AGE (a year by default).
- unsubscribe:  never expires: people unsubscribe from old mail.
"""

from __future__ import annotations

from django.core import signing
from django.utils.translation import gettext as _

from . import conf
from .models import Subscriber

CONFIRM = "confirm"
PREFERENCES = "preferences"
UNSUBSCRIBE = "unsubscribe"
PURPOSES = (CONFIRM, PREFERENCES, UNSUBSCRIBE)


class InvalidToken(Exception):
    """Tampered, foreign, expired or for a subscriber that no longer exists."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def _salt(purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return f"newsletter.subscribers.{purpose}"


def make_token(subscriber: Subscriber, purpose: str) -> str:
    payload = {"s": subscriber.public_id.hex}
    if purpose == CONFIRM:
        payload["n"] = subscriber.confirm_nonce
    return signing.dumps(payload, salt=_salt(purpose))


def _max_age(purpose: str) -> int | None:
    if purpose == CONFIRM:
        return conf.confirm_max_age()
    if purpose == PREFERENCES:
        return conf.preferences_max_age()
    return None


def read_token(token: str, purpose: str) -> tuple[Subscriber, dict]:
    """The subscriber the token was made for, and its payload. Raises InvalidToken."""
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=_max_age(purpose))
    except signing.SignatureExpired as exc:
        raise InvalidToken(_("This link has expired."), expired=True) from exc
    except signing.BadSignature as exc:
        raise InvalidToken(_("This link is not valid: it was changed or is not meant for this page.")) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), str):
        raise InvalidToken(_("This link is not valid."))
    try:
        subscriber = Subscriber.objects.get(public_id=payload["s"])
    except (Subscriber.DoesNotExist, ValueError, signing.BadSignature) as exc:
        raise InvalidToken(_("This link is not valid any more.")) from exc
    except Exception as exc:  # a malformed UUID raises ValidationError
        raise InvalidToken(_("This link is not valid.")) from exc
    return subscriber, payload
