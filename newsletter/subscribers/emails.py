"""The emails this app sends itself: the double opt-in confirmation and the reminder for
an address that is already subscribed. Rendered from templates (text and HTML) in the
subscriber's language, then built like every other email by the one message builder
(newsletter.rendering.builder): its sender rule, Message-ID, Date and headers."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.models.partnership import PartnershipSettings
from newsletter.rendering import Recipient, RenderedIssue
from newsletter.rendering.builder import EmailBuilder

from . import conf, links
from .languages import reading_language
from .models import Subscriber

SUBJECTS = {
    "confirm": _("Please confirm your subscription to %(name)s"),
    "already_subscribed": _("You are already subscribed to %(name)s"),
}

#: they answer the reader's own request: no auto-replies to them (RFC 3834)
MARKER_HEADERS = {"Auto-Submitted": "auto-generated"}


def build_message(subscriber: Subscriber, kind: str) -> tuple[str, bytes, str]:
    """(envelope sender, raw RFC 5322 bytes with CRLF, Message-ID without brackets), in
    the subscriber's language: text, links (/fr/…), sender name and Content-Language."""
    if kind not in SUBJECTS:
        raise ValueError(f"unknown subscriber email {kind!r}")
    language = reading_language(subscriber.language)
    with translation.override(language):
        builder = EmailBuilder(render_email(subscriber, kind, language),
                               marker_headers=MARKER_HEADERS, language=language)
    message_id = builder.new_message_id()
    # To: the bare address. The name was typed into a public form, perhaps by someone
    # else: it stays out of the headers, as List-Unsubscribe does (nothing to leave yet
    # for a confirmation; the reminder's body has the links).
    raw = builder.message(Recipient(email=subscriber.email), message_id)
    return builder.sender, raw, message_id


def render_email(subscriber: Subscriber, kind: str, language: str) -> RenderedIssue:
    """Subject, HTML and text of one subscriber email (in the active language), with the
    partnership's From name and reply-to address in ``language``."""
    # Without a default site (a bare test database), the settings' defaults.
    partnership = PartnershipSettings.for_default_site_in(language) or PartnershipSettings()
    context = {
        "partnership": partnership.name,
        "subscriber": subscriber,
        "confirm_url": links.confirm_url(subscriber) if kind == "confirm" else "",
        "preferences_url": links.preferences_url(subscriber),
        "unsubscribe_url": links.unsubscribe_url(subscriber),
        "confirm_days": max(1, conf.confirm_max_age() // 86400),
        "site_url": settings.SITE_URL,
        "language": language,
    }
    return RenderedIssue(
        subject=" ".join(str(SUBJECTS[kind] % {"name": partnership.name}).split()),
        preheader="",
        html=render_to_string(f"subscribers/email/{kind}.html", context),
        text=render_to_string(f"subscribers/email/{kind}.txt", context),
        from_name=partnership.from_name,
        reply_to=partnership.sender_email,
    )
