"""Wagtail preview modes for issues ("Email", "Plain text"); registered from
NewsletterConfig.ready().

Previews render the editor's unsaved state (drafts included) exactly as the email will
look, personalised for the editor, with the unsubscribe and preference links pointing
at a harmless explanation page. They go through the one message builder
(newsletter.rendering.builder), like test sends and campaigns.
"""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy

from cms.models import IssuePage
from cms.previews import register

from .rendering import render_issue
from .rendering.builder import EmailBuilder, sample_recipient
from .rendering.html import IssueTooLargeError


def _render(page, request):
    try:
        rendered = render_issue(page.as_issue(include_drafts=True))
    except IssueTooLargeError as exc:
        return HttpResponse(f"<p>{exc}</p>".encode(), content_type="text/html; charset=utf-8")
    return EmailBuilder(rendered).parts(sample_recipient(request.user))


def email_preview(page, request):
    rendered = _render(page, request)
    if isinstance(rendered, HttpResponse):
        return rendered
    return HttpResponse(rendered[0], content_type="text/html; charset=utf-8")


def text_preview(page, request):
    rendered = _render(page, request)
    if isinstance(rendered, HttpResponse):
        return rendered
    return HttpResponse(rendered[1], content_type="text/plain; charset=utf-8")


register("email", gettext_lazy("Email"), [IssuePage], email_preview)
register("text", gettext_lazy("Plain text"), [IssuePage], text_preview)
