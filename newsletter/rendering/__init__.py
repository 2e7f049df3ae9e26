"""Issue rendering: Issue -> subject, preheader, HTML (MJML) and plain text, then fast
per-recipient MIME messages.

    rendered = render_issue(issue)                     # MJML runs once here
    builder = EmailBuilder(rendered)                   # newsletter.rendering.builder
    raw = builder.message(Recipient(email, name, unsubscribe_url, preferences_url),
                          builder.new_message_id())

Every outgoing email (preview, test send, ``render_issue --eml``, campaigns, the welcome
and the subscribers' confirmation emails) is built by ``builder.EmailBuilder``;
``MessageTemplate`` is its low-level part.
"""

from __future__ import annotations

from django.utils import translation

from cms.items import Issue

from .html import MAX_HTML_BYTES, IssueTooLargeError, render_html
from .mime import (
    MessageTemplate,
    Recipient,
    RenderedIssue,
    Sender,
    make_message_id,
    personalise_parts,
    sender_domain,
)
from .scrub import scrub, scrub_text
from .text import render_text
from .tokens import Placeholders


def render_issue(issue: Issue) -> RenderedIssue:
    """Render an issue once: subject, preheader, HTML and text with personal tokens.

    The HTML keeps every item's full body when it fits under Gmail's clipping size;
    otherwise items shrink to teasers, then to titles and links (``detail``)."""
    issue = scrub(issue)
    placeholders = Placeholders()
    with translation.override(issue.language):  # the email's chrome in the issue's language
        html, detail = render_html(issue, placeholders)
        text = render_text(issue, placeholders, detail)
    return RenderedIssue(
        subject=" ".join(scrub_text(issue.subject or issue.title).split()),
        preheader=" ".join(issue.preheader.split()),
        html=html,
        text=text,
        detail=detail,
        web_url=issue.url,
        from_name=issue.partnership.sender_name,
        reply_to=issue.partnership.sender_email,
    )


__all__ = [
    "MAX_HTML_BYTES", "IssueTooLargeError", "MessageTemplate", "Recipient", "RenderedIssue",
    "Sender", "make_message_id", "personalise_parts", "render_issue", "sender_domain",
]
