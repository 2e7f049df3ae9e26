"""The welcome email: once a subscriber confirms, the background worker sends them the
partnership's welcome (cms.welcome, rendered by newsletter.rendering.welcome and built by
the one message builder), in their language.

Exactly once per confirmation: ``Subscriber.welcomed_at`` is claimed by one conditional
UPDATE before the transport call, so a task that runs twice, or two workers at once,
send one message; a later confirmation (after an unsubscribe) is welcomed again. A
transport error that certainly sent nothing gives the claim back (the task fails and
can be run again); an unknown outcome keeps it, since the message may have gone out.
Nothing goes to an address that is not confirmed or is on the suppression list.
"""

from __future__ import annotations

import logging

from django.db.models import F, Q
from django.utils import timezone, translation

from cms.welcome import is_enabled, welcome_in
from newsletter.rendering import Recipient
from newsletter.rendering.builder import EmailBuilder
from newsletter.rendering.welcome import render_welcome
from newsletter.transports import (
    AccountError,
    OutgoingMessage,
    PermanentError,
    TemporaryError,
    get_transport,
)

from . import links
from .languages import reading_language
from .models import Subscriber
from .suppression import is_suppressed

logger = logging.getLogger(__name__)

#: the ``purpose`` tag of every welcome message (SES EmailTags)
PURPOSE = "subscribers-welcome"


def welcome_builder(language: str) -> EmailBuilder | None:
    """The welcome email in ``language`` (or the default language's, where the settings
    have no translation), ready to personalise; None when its text is empty."""
    content = welcome_in(language)
    if content is None:
        return None
    return EmailBuilder(render_welcome(content), language=content.language)


def recipient(subscriber: Subscriber, language: str) -> Recipient:
    """The subscriber's own links, in the email's language (/fr/… for French)."""
    with translation.override(language):
        return Recipient(subscriber.email, subscriber.name, links.unsubscribe_url(subscriber),
                         links.preferences_url(subscriber), links.unsubscribe_mailto(subscriber))


def _due():
    """Confirmed, and not yet welcomed since the latest confirmation."""
    return Q(status=Subscriber.Status.CONFIRMED, email__isnull=False,
             confirmed_at__isnull=False) & (
        Q(welcomed_at__isnull=True) | Q(welcomed_at__lt=F("confirmed_at")))


def send_welcome(subscriber_id: int) -> str:
    """Send the welcome email to a subscriber who has just confirmed. Returns the
    provider message id, or "" when nothing was due (off, no text, already welcomed,
    no longer confirmed, suppressed)."""
    subscriber = Subscriber.objects.filter(_due(), pk=subscriber_id).first()
    if subscriber is None or is_suppressed(subscriber.email) or not is_enabled():
        return ""
    builder = welcome_builder(reading_language(subscriber.language))
    if builder is None:
        return ""
    message_id = builder.new_message_id()
    raw = builder.message(recipient(subscriber, builder.language), message_id)
    claimed_at = timezone.now()
    claimed = Subscriber.objects.filter(
        _due(), pk=subscriber.pk, confirmed_at=subscriber.confirmed_at,
    ).update(welcomed_at=claimed_at)
    if not claimed:  # another run got there first, or the subscriber changed meanwhile
        return ""
    transport = get_transport()
    try:
        result = transport.send(OutgoingMessage(
            sender=builder.sender, recipient=subscriber.email, raw=raw, message_id=message_id,
            tags={"purpose": PURPOSE}))
    except (TemporaryError, PermanentError, AccountError):  # certainly not sent
        Subscriber.objects.filter(pk=subscriber.pk, welcomed_at=claimed_at).update(
            welcomed_at=subscriber.welcomed_at)
        raise
    finally:
        transport.close()
    logger.info("sent the welcome email to subscriber %s (%s)", subscriber.pk,
                result.provider_message_id)
    return result.provider_message_id
