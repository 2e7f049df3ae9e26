"""The welcome email's preview for editors, linked from Settings → Partnership (the
"Welcome email" panel): the saved welcome email of one language, as the web page an
email client shows or as its plain-text part, built by the one message builder and
personalised for the editor, with the harmless sample links of test sends."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from cms import languages

from .rendering.builder import sample_recipient
from .subscribers.welcome import welcome_builder

PERMISSION = "cms.change_partnershipsettings"
MODES = {"html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8"}


def welcome_preview_view(request, language: str, mode: str):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if mode not in MODES or languages.supported(language) != language:
        raise Http404
    builder = welcome_builder(language)
    if builder is None:
        return TemplateResponse(request, "newsletter/admin/welcome_preview_empty.html",
                                {"language": language})
    html, text = builder.parts(sample_recipient(request.user))
    response = HttpResponse(html if mode == "html" else text, content_type=MODES[mode])
    response["Content-Language"] = builder.language
    return response
