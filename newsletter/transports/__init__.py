"""Transports, chosen by settings.EMAIL_TRANSPORT: ``outbox`` (default), ``ses``, ``smtp``."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import (
    AccountError,
    OutgoingMessage,
    PermanentError,
    SendResult,
    TemporaryError,
    Transport,
    TransportError,
    UnknownOutcomeError,
)

TRANSPORTS = {
    "outbox": "newsletter.transports.outbox.OutboxTransport",
    "ses": "newsletter.transports.ses.SesTransport",
    "smtp": "newsletter.transports.smtp.SmtpTransport",
}


def get_transport(name: str | None = None) -> Transport:
    name = name or settings.EMAIL_TRANSPORT
    try:
        path = TRANSPORTS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"EMAIL_TRANSPORT={name!r} is not one of {', '.join(TRANSPORTS)}") from None
    return import_string(path)()


__all__ = [
    "AccountError", "OutgoingMessage", "PermanentError", "SendResult", "TemporaryError",
    "Transport", "TransportError", "UnknownOutcomeError", "get_transport",
]
