"""``POST /newsletter/ses/events/``: Amazon SNS deliveries of SES events, through the
site's middleware stack.

Production serves that exact URL through the slim WSGI path (``wsgi.py``); this view
answers it elsewhere (the test client, ``runserver``, the language-prefixed URLs, and
requests the slim path hands to the site). Both answer through :func:`intake.receive`,
whose docstring lists the answers. See docs/ses-events.md.
"""

from __future__ import annotations

from csp.decorators import csp_exempt
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import intake


# SNS reads only the status: no Content-Security-Policy to build for a text/plain answer.
@csp_exempt()
@csp_exempt(REPORT_ONLY=True)
@csrf_exempt
@require_POST
def events(request):
    answer = intake.receive(request.read, content_length=request.META.get("CONTENT_LENGTH"),
                            message_type=request.headers.get("x-amz-sns-message-type"),
                            client=request.META.get("REMOTE_ADDR", "?"))
    return HttpResponse(answer.text, status=answer.status, content_type="text/plain")
