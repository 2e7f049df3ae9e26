"""The emails this app sends itself: the double opt-in confirmation and the reminder for
an address that is already subscribed. Multipart text + HTML, built with the standard
library's email package, handed to newsletter.transports."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import conf, links
from .languages import reading_language
from .models import Subscriber

SUBJECTS = {
    "confirm": _("Please confirm your subscription to %(name)s"),
    "already_subscribed": _("You are already subscribed to %(name)s"),
}


def sender() -> tuple[str, str, str]:
    """(partnership name, display name, address) from the Partnership settings, falling
    back to DEFAULT_FROM_EMAIL."""
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name, display, address = default_name or "the newsletter", default_name, default_address
    try:
        from wagtail.models import Site

        from cms.models.partnership import PartnershipSettings

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            partnership = PartnershipSettings.for_site(site)
            name = partnership.name or name
            display = partnership.sender_name or partnership.name or display
            address = partnership.sender_email or address
    except Exception:  # settings table not migrated yet: keep the defaults
        pass
    return name, display, address


def build_message(subscriber: Subscriber, kind: str) -> tuple[str, bytes, str]:
    """(sender address, raw RFC 5322 bytes with CRLF, Message-ID without brackets), in
    the subscriber's language: text, links (/fr/…) and Content-Language."""
    if kind not in SUBJECTS:
        raise ValueError(f"unknown subscriber email {kind!r}")
    language = reading_language(subscriber.language)
    with translation.override(language):
        return _build_message(subscriber, kind, language)


def _build_message(subscriber: Subscriber, kind: str, language: str) -> tuple[str, bytes, str]:
    partnership, display, address = sender()
    context = {
        "partnership": partnership,
        "subscriber": subscriber,
        "confirm_url": links.confirm_url(subscriber) if kind == "confirm" else "",
        "preferences_url": links.preferences_url(subscriber),
        "unsubscribe_url": links.unsubscribe_url(subscriber),
        "confirm_days": max(1, conf.confirm_max_age() // 86400),
        "site_url": settings.SITE_URL,
        "language": language,
    }
    text = render_to_string(f"subscribers/email/{kind}.txt", context)
    html = render_to_string(f"subscribers/email/{kind}.html", context)
    domain = address.rpartition("@")[2] or "localhost"
    message_id = make_msgid(domain=domain)
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = str(SUBJECTS[kind] % {"name": partnership})
    message["From"] = formataddr((display, address)) if display else address
    message["To"] = subscriber.email
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after the body: set_content drops Content-*
    return address, message.as_bytes(), message_id.strip("<>")
