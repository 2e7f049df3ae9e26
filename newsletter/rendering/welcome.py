"""The welcome email (cms.items.Welcome) -> a rendered email like an issue's: the same
MJML chrome (head, header with the greeting, footer with the preference and unsubscribe
links and the postal address), a plain-text part with the same footer, and the personal
tokens left for ``builder.EmailBuilder`` to fill in per subscriber."""

from __future__ import annotations

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from cms.items import Welcome
from cms.plaintext import html_to_text

from .context import chrome_context, email_html
from .html import add_image_heights, mjml_to_html
from .mime import RenderedIssue
from .scrub import scrub
from .templates import get_template
from .text import footer_text, heading, one_line, wrap
from .tokens import Placeholders

TEMPLATE = "newsletter/email/welcome.mjml"
PREHEADER_LENGTH = 110


def preheader(welcome: Welcome) -> str:
    """The inbox's preview line: the start of the welcome text."""
    return Truncator(one_line(html_to_text(welcome.body_html))).chars(PREHEADER_LENGTH)


def welcome_context(welcome: Welcome, placeholders: Placeholders, preview_line: str) -> dict:
    return {
        **chrome_context(welcome.partnership, language=welcome.language,
                         placeholders=placeholders),
        "welcome": welcome,
        # What the shared header and footer read of an issue: no web version here.
        "issue": {"title": welcome.subject, "subject": welcome.subject, "url": "",
                  "preheader": preview_line},
        "body_html": email_html(welcome.body_html),
    }


def welcome_text(welcome: Welcome, placeholders: Placeholders) -> str:
    partnership = welcome.partnership
    out = [
        wrap(one_line(partnership.name)),
        heading(welcome.subject.upper(), "="),
        placeholders.greeting,
        wrap(html_to_text(welcome.body_html)),
    ]
    if welcome.latest_issue_url:
        out.append(wrap(gettext("Our latest issue: %(title)s") % {
            "title": one_line(welcome.latest_issue_title)}) + "\n" + welcome.latest_issue_url)
    out.append(wrap(gettext("Choose your topics and language at any time in your preferences."))
               + "\n" + placeholders.preferences_url)
    out.append(footer_text(partnership, placeholders))
    return "\n\n".join(part for part in out if part) + "\n"


def render_welcome(welcome: Welcome) -> RenderedIssue:
    """Subject, preheader, HTML and text of the welcome email, with personal tokens.
    MJML runs once; ``EmailBuilder`` personalises it for each subscriber."""
    welcome = scrub(welcome)
    placeholders = Placeholders()
    preview_line = preheader(welcome)
    with translation.override(welcome.language):
        context = welcome_context(welcome, placeholders, preview_line)
        html = mjml_to_html(get_template(TEMPLATE).render(context))
        logo = context["logo"]
        if logo is not None:
            html = add_image_heights(html, {logo.src: (logo.width, logo.height)})
        text = welcome_text(welcome, placeholders)
    return RenderedIssue(
        subject=" ".join(welcome.subject.split()),
        preheader=preview_line,
        html=placeholders.to_tokens(html),
        text=placeholders.to_tokens(text),
        from_name=welcome.partnership.sender_name,
        reply_to=welcome.partnership.sender_email,
    )
