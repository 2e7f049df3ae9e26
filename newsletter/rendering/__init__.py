"""Issue rendering: Issue -> subject, preheader, HTML (MJML) and plain text, then fast
per-recipient MIME messages.

    rendered = render_issue(issue)                     # MJML runs once here
    template = MessageTemplate.build(rendered, from_addr=..., web_url=issue.url)
    raw = template.personalise(Recipient(email, name, unsubscribe_url, preferences_url),
                               message_id=make_message_id("example.org"))
"""

from __future__ import annotations

from cms.items import Issue

from .html import MAX_HTML_BYTES, IssueTooLargeError, render_html
from .mime import (
    MessageTemplate,
    Recipient,
    RenderedIssue,
    make_message_id,
    personalise_parts,
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
    html, detail = render_html(issue, placeholders)
    text = render_text(issue, placeholders, detail)
    return RenderedIssue(
        subject=" ".join(scrub_text(issue.subject or issue.title).split()),
        preheader=" ".join(issue.preheader.split()),
        html=html,
        text=text,
        detail=detail,
    )


__all__ = [
    "MAX_HTML_BYTES", "IssueTooLargeError", "MessageTemplate", "Recipient", "RenderedIssue",
    "make_message_id", "personalise_parts", "render_issue",
]
