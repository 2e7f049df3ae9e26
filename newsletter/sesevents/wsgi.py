"""The webhook's slim WSGI path: ``POST /newsletter/ses/events/`` without the site's stack.

SES sends an event for every message and more (Send, Delivery, Bounce…), so the webhook
must take events at least twice as fast as a worker sends. Through Django's handler each
event also paid for the site's middleware (sessions, locale, CSRF, auth, messages, CSP,
redirects), URL resolving and Django's request and response objects: more than half of
its CPU. ``cms.wsgi`` therefore wraps the site in :class:`WebhookFastPath`, which answers
exactly the webhook's POSTs itself and hands every other request to the site.

What it keeps from the site, for the requests it answers:
- the same answers, from the same code (:func:`intake.receive`, as the view);
- Django's request signals (``request_started``, ``request_finished``), so database
  connections are recycled by ``CONN_MAX_AGE`` and a broken one is dropped, as usual;
- the security headers of ``SecurityMiddleware`` and ``XFrameOptionsMiddleware``
  (X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy,
  X-Frame-Options, and Strict-Transport-Security over https) and a Content-Length;
- the webhook's log lines; an unexpected error is logged with its traceback and answered
  500, which SNS retries, so nothing is lost.

It hands to the site (which answers as it always did) every request it cannot answer
the same way without the middleware: another method (405), a Host not in
``ALLOWED_HOSTS`` (400) or no Host header, plain http when ``SECURE_SSL_REDIRECT`` is on
(301), a user agent in ``DISALLOWED_USER_AGENTS`` (403), and every request when
``PREPEND_WWW`` is on. Settings are read when the application is built, as Django's
middleware reads them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signals
from django.http.request import split_domain_port, validate_host
from django.urls import reverse
from django.utils import translation

from . import intake

log = logging.getLogger(__name__)

_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 413: "Request Entity Too Large",
            500: "Internal Server Error", 503: "Service Unavailable"}
_ERROR = intake.Answer(500, "error, retry later\n")


def _security_headers(*, secure: bool) -> list[tuple[str, str]]:
    """What SecurityMiddleware and XFrameOptionsMiddleware add to a text/plain answer."""
    headers = []
    if settings.SECURE_HSTS_SECONDS and secure:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("Strict-Transport-Security", value))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        values = policy.split(",") if isinstance(policy, str) else policy
        headers.append(("Referrer-Policy", ",".join(v.strip() for v in values)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    return headers


class _Body(list):
    """The answer's one chunk; closing it ends the request as Django's response does."""

    def close(self):
        signals.request_finished.send(sender=WebhookFastPath)


class WebhookFastPath:
    """WSGI application: the webhook's POSTs answered here, everything else by ``site``."""

    def __init__(self, site):
        self.site = site
        with translation.override(settings.LANGUAGE_CODE):  # the URL without a language prefix
            self.path = reverse("newsletter:sesevents:events")
        self.allowed_hosts = settings.ALLOWED_HOSTS
        if settings.DEBUG and not self.allowed_hosts:
            self.allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]  # as Django allows
        self.use_forwarded_host = settings.USE_X_FORWARDED_HOST
        self.proxy_ssl_header = settings.SECURE_PROXY_SSL_HEADER
        self.ssl_redirect = settings.SECURE_SSL_REDIRECT
        self.user_agents = settings.DISALLOWED_USER_AGENTS
        self.enabled = not settings.PREPEND_WWW
        self.headers = {secure: _security_headers(secure=secure) for secure in (False, True)}

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != self.path
                or not self.enabled):
            return self.site(environ, start_response)
        secure = self._is_secure(environ)
        if not self._host_allowed(environ) or (self.ssl_redirect and not secure) or (
                self.user_agents and self._user_agent_disallowed(environ)):
            return self.site(environ, start_response)

        signals.request_started.send(sender=WebhookFastPath, environ=environ)
        try:
            answer = intake.receive(self._reader(environ),
                                    content_length=environ.get("CONTENT_LENGTH"),
                                    message_type=environ.get("HTTP_X_AMZ_SNS_MESSAGE_TYPE"),
                                    client=environ.get("REMOTE_ADDR", "?"))
        except Exception:
            log.exception("SES webhook failed on a message from %s; answered 500, SNS will "
                          "retry", environ.get("REMOTE_ADDR", "?"))
            answer = _ERROR
        body = answer.text.encode()
        start_response(f"{answer.status} {_REASONS[answer.status]}", [
            ("Content-Type", "text/plain"), ("Content-Length", str(len(body))),
            *self.headers[secure]])
        return _Body([body])

    @staticmethod
    def _reader(environ):
        """``read(n)`` that never reads past Content-Length (WSGI forbids it; an absent
        or bad header reads nothing, as Django's request does)."""
        try:
            available = max(0, int(environ.get("CONTENT_LENGTH") or 0))
        except ValueError:
            available = 0
        stream = environ["wsgi.input"]
        return lambda size: stream.read(min(size, available)) if available else b""

    def _is_secure(self, environ) -> bool:
        """``HttpRequest.is_secure()``: the proxy's header when configured, else the scheme."""
        if self.proxy_ssl_header:
            header, secure_value = self.proxy_ssl_header
            value = environ.get(header)
            if value is not None:
                return value.split(",", 1)[0].strip() == secure_value
        return environ.get("wsgi.url_scheme") == "https"

    def _host_allowed(self, environ) -> bool:
        """``HttpRequest.get_host()`` would not raise DisallowedHost (a request without a
        Host header, which HTTP/1.1 requires, is left to the site)."""
        if self.use_forwarded_host and "HTTP_X_FORWARDED_HOST" in environ:
            host = environ["HTTP_X_FORWARDED_HOST"]
        else:
            host = environ.get("HTTP_HOST", "")
        domain, _port = split_domain_port(host)
        return bool(domain) and validate_host(domain, self.allowed_hosts)

    def _user_agent_disallowed(self, environ) -> bool:
        agent = environ.get("HTTP_USER_AGENT")
        return agent is not None and any(pattern.search(agent) for pattern in self.user_agents)
