"""System checks (``manage.py check``, and every server and worker start): the sender
addresses every email is built with. A typo in them fails at start-up, naming the
setting, instead of failing every message build."""

from __future__ import annotations

from email.utils import getaddresses

from django.conf import settings
from django.core import checks
from email_validator import EmailNotValidError, validate_email

TAG = "newsletter"


def address_errors(setting: str, value: str, *, required: bool, id: str) -> list[checks.Error]:
    """The problems of one address setting ('Name <address>' or a bare address)."""
    if not value:
        return [checks.Error(f"{setting} is empty: every email is sent from its address.",
                             id=id)] if required else []
    parsed = getaddresses([value])
    if len(parsed) != 1 or not parsed[0][1]:
        return [checks.Error(
            f"{setting} must be one address, like 'Name <news@example.org>' (it is {value!r}).",
            hint="A display name holding a comma needs quotes: '\"Name, Org\" <news@example.org>'.",
            id=id)]
    try:
        validate_email(parsed[0][1], check_deliverability=False)
    except EmailNotValidError as error:
        return [checks.Error(f"{setting}: {parsed[0][1]!r} is not a usable address: {error}",
                             id=id)]
    return []


def sender_addresses(app_configs=None, **kwargs) -> list[checks.Error]:
    return [
        *address_errors("DEFAULT_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL, required=True,
                        id="newsletter.E001"),
        *address_errors("NEWSLETTER_REPLY_TO", settings.NEWSLETTER_REPLY_TO, required=False,
                        id="newsletter.E002"),
    ]
