"""The one small interface every outgoing email goes through.

A transport takes a complete, already-built MIME message (bytes) and hands it to a
provider. It never retries on its own: it raises one of the errors below and the
caller's retry policy decides (see DESIGN.md, "No hidden retries").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutgoingMessage:
    sender: str  # envelope/From address, e.g. "newsletter@bioxclusters.example"
    recipient: str  # one address
    raw: bytes  # the complete RFC 5322 message, CRLF line endings
    message_id: str = ""  # the Message-ID header's value, without angle brackets
    tags: dict[str, str] = field(default_factory=dict)  # e.g. campaign, delivery ids
    # Called by the transport at the last moment before the message leaves (after
    # serialising and signing, before the request or SMTP transaction starts); may
    # block. The delivery engine paces sends here, as close to the wire as it gets.
    ready: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def about_to_leave(self) -> None:
        if self.ready is not None:
            self.ready()


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str  # SES MessageId, the outbox file name, or the SMTP queue id


class TransportError(Exception):
    """Base of every transport failure. ``reason`` is safe to show an editor."""

    def __init__(self, reason: str, *, code: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.code = code


class TemporaryError(TransportError):
    """Throttling, 5xx, connection refused before anything was sent: retry with backoff."""


class PermanentError(TransportError):
    """The message or address will never be accepted (MessageRejected, bad address)."""


class AccountError(TransportError):
    """The account cannot send (sending paused, suspended, daily quota): pause the campaign."""


class UnknownOutcomeError(TransportError):
    """The request may have reached the provider (e.g. a read timeout): never resend blindly."""


class Transport:
    name = "base"
    # True when ``send`` calls ``message.about_to_leave()``; otherwise the caller runs
    # the hook itself just before calling ``send``.
    calls_ready = False

    def send(self, message: OutgoingMessage) -> SendResult:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        """Release connections; the default has none."""
