"""Absolute, signed per-subscriber links that every email carries."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class EmailLinks:
    unsubscribe_url: str
    preferences_url: str
    unsubscribe_mailto: str


class EmailLinkFactory:
    """The links of one newsletter email, many times over: for a campaign's send loop.

    Gives exactly what ``unsubscribe_url``, ``preferences_url`` and
    ``unsubscribe_mailto`` give, but resolves the URL patterns once (tokens are
    URL-safe, so a token slots into the resolved path as is) and signs the unsubscribe
    token once for both the https and the mailto link. Create one per send run: it
    keeps the settings it saw when created.
    """

    _SLOT = "TOKEN-SLOT"

    def __init__(self):
        self._unsubscribe = _absolute("unsubscribe", self._SLOT).split(self._SLOT)
        self._preferences = _absolute("preferences", self._SLOT).split(self._SLOT)
        self._mailbox = conf.unsubscribe_mailbox()

    def for_subscriber(self, subscriber) -> EmailLinks:
        unsubscribe = tokens.make_token(subscriber, tokens.UNSUBSCRIBE)
        preferences = tokens.make_token(subscriber, tokens.PREFERENCES)
        return EmailLinks(
            unsubscribe_url=unsubscribe.join(self._unsubscribe),
            preferences_url=preferences.join(self._preferences),
            unsubscribe_mailto=f"mailto:{self._mailbox}?subject={quote('unsubscribe ' + unsubscribe)}",
        )
