"""The one message builder: every email clusterpost sends is built here.

The preview, the test send, ``render_issue --eml``, campaigns, the welcome email and the
subscribers' confirmation and "already subscribed" emails all turn a rendered email into
what a reader sees through ``EmailBuilder``: one sender rule (``email_sender``), the same
Reply-To, Archived-At (an issue's public page, from ``SITE_URL``, like "View in
browser") and headers, one Message-ID maker, one set of personal parts. They differ
only in where the rendered email comes from (the editor's unsaved page, the latest
revision, the live page, a campaign's snapshot, a template) and in marker headers:

    builder = EmailBuilder(render_issue(issue))   # or .for_test(...), .for_campaign(...)
    html, text = builder.parts(recipient)                  # preview
    raw = builder.message(recipient, builder.new_message_id())

Test sends and previews use ``sample_recipient``: the links a subscriber would use to
unsubscribe or change preferences point at an admin page that explains them instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cms.links import absolute_url

from .mime import (
    MessageTemplate,
    Recipient,
    RenderedIssue,
    Sender,
    make_message_id,
    personalise_parts,
    sender_domain,
)
from .tokens import clean_name

TEST_HEADER = "X-Clusterpost-Test"
CAMPAIGN_HEADER = "X-Clusterpost-Campaign"


HTML_LANG = re.compile(r"<html[^>]*\slang=\"([A-Za-z0-9-]+)\"")


def html_language(html: str) -> str:
    """The language the rendered email declares in <html lang>, or ""."""
    match = HTML_LANG.search(html[:2000])
    return match.group(1) if match else ""


def new_message_id(prefix: str = "") -> str:
    """The Message-ID of one outgoing message (without brackets), at the sender's domain."""
    return make_message_id(sender_domain(settings.DEFAULT_FROM_EMAIL), prefix)


def email_sender(from_name: str = "", reply_to: str = "") -> Sender:
    """The one sender rule, for every email. ``from_name`` and ``reply_to`` are what the
    partnership settings say in the email's language (their "From name", or the
    partnership's name, and their reply-to address).

    - From: that name at ``DEFAULT_FROM_EMAIL``'s address, always: it is the verified
      SES identity, and SES refuses a From address it has not verified. Without a name
      (a campaign snapshot taken before senders were recorded), ``DEFAULT_FROM_EMAIL``'s
      own display name.
    - Reply-To: ``NEWSLETTER_REPLY_TO`` where the operator set it (every email, every
      language), else the partnership's reply-to address, else none: replies go to
      the From address."""
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Sender(address=address, name=clean_name(from_name) or default_name,
                  reply_to=settings.NEWSLETTER_REPLY_TO or reply_to.strip())


def sample_recipient(user=None, email: str = "") -> Recipient:
    """The reader of a preview, test send or ``render_issue --eml``: the editor's name,
    and placeholder links to a page that says what they do in a real send."""
    name = ""
    if user is not None and user.is_authenticated:
        name = user.get_full_name() or user.get_username()
    return Recipient(
        email=email or "preview@example.invalid",
        name=name,
        unsubscribe_url=absolute_url(reverse("newsletter_test_link", args=["unsubscribe"])),
        preferences_url=absolute_url(reverse("newsletter_test_link", args=["preferences"])),
    )


class EmailBuilder:
    """Every message of one rendered email. Cheap to personalise: the MIME template is
    encoded once, on the first message. ``sender`` is the envelope sender (the From
    address) that transports hand to SES or the SMTP server."""

    def __init__(self, rendered: RenderedIssue, *,
                 marker_headers: Mapping[str, str] | None = None, language: str = ""):
        self.rendered = rendered
        self.sender_headers = email_sender(rendered.from_name, rendered.reply_to)
        self.sender = self.sender_headers.address
        self.marker_headers = dict(marker_headers or {})
        language = language or html_language(rendered.html)
        if language:  # the issue's language, as <html lang> in the body says too
            self.marker_headers["Content-Language"] = language
        self.language = language or settings.LANGUAGE_CODE  # of the personal greeting
        self._template: MessageTemplate | None = None

    @classmethod
    def for_test(cls, rendered: RenderedIssue) -> EmailBuilder:
        """A test send: "[Test]" before the subject and an X-Clusterpost-Test header."""
        subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
        return cls(dataclasses.replace(rendered, subject=subject),
                   marker_headers={TEST_HEADER: "yes"})

    @classmethod
    def for_campaign(cls, rendered: RenderedIssue, campaign_id: int, *,
                     language: str = "") -> EmailBuilder:
        return cls(rendered, marker_headers={CAMPAIGN_HEADER: str(campaign_id)},
                   language=language)

    @property
    def template(self) -> MessageTemplate:
        if self._template is None:
            self._template = MessageTemplate.build(self.rendered, sender=self.sender_headers)
        return self._template

    def parts(self, recipient: Recipient) -> tuple[str, str]:
        """(html, text) for one reader, unencoded: what a preview shows."""
        with translation.override(self.language):
            return personalise_parts(self.rendered, recipient)

    def message(self, recipient: Recipient, message_id: str) -> bytes:
        """The complete MIME message for one reader (see ``new_message_id``)."""
        with translation.override(self.language):
            return self.template.personalise(recipient, message_id=message_id,
                                             extra_headers=self.marker_headers)

    new_message_id = staticmethod(new_message_id)
