"""The WSGI application that production serves (``gunicorn cms.wsgi``): the site, with
the SES webhook's POSTs answered by its slim path (newsletter/sesevents/wsgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
site = get_wsgi_application()  # sets Django up; only then can the webhook's path load

from newsletter.sesevents.wsgi import WebhookFastPath  # noqa: E402

application = WebhookFastPath(site)
