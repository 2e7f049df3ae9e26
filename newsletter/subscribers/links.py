"""Absolute, signed per-subscriber links that every email carries."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from . import conf, tokens


def _absolute(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(f"newsletter:subscribers:{name}", args=[token])


def confirm_url(subscriber) -> str:
    return _absolute("confirm", tokens.make_token(subscriber, tokens.CONFIRM))


def unsubscribe_url(subscriber) -> str:
    """The List-Unsubscribe https URL: GET shows a button, POST (RFC 8058) unsubscribes."""
    return _absolute("unsubscribe", tokens.make_token(subscriber, tokens.UNSUBSCRIBE))


def preferences_url(subscriber) -> str:
    return _absolute("preferences", tokens.make_token(subscriber, tokens.PREFERENCES))


def unsubscribe_mailto(subscriber) -> str:
    """mailto: for List-Unsubscribe. Mail to it is processed by
    ``manage.py process_unsubscribe_mail`` (see docs/subscribers.md)."""
    token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE)
    return f"mailto:{conf.unsubscribe_mailbox()}?subject={quote('unsubscribe ' + token)}"


def list_unsubscribe_headers(subscriber) -> dict[str, str]:
    """The RFC 2369 + RFC 8058 headers every newsletter email carries."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>, <{unsubscribe_mailto(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
