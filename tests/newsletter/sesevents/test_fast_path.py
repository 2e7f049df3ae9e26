"""The webhook's slim WSGI path (newsletter/sesevents/wsgi.py) answers every message as
the site's full stack does, with the same security headers, and hands every other
request to the site."""

import io
import json
import logging
import re

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, close_old_connections

from newsletter.sesevents import groupcommit, sns
from newsletter.sesevents.models import SnsMessage
from newsletter.sesevents.wsgi import WebhookFastPath

from .conftest import URL
from .signing import OTHER_TOPIC_ARN, TOPIC_ARN, SnsSigner, make_certificate, ses_event

pytestmark = pytest.mark.django_db
# Only the site's LocaleMiddleware adds these; the webhook's text is not translated.
LOCALE_HEADERS = {"content-language", "vary"}


def wsgi_call(app, body: bytes, *, method="POST", path=URL, **environ):
    """(status, headers, body) of one request to a WSGI application. Like Django's test
    client, it keeps the request signals from closing the test's database connection."""
    base = {"REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": "text/plain; charset=UTF-8",
            "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "203.0.113.9",
            "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(),
            "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
            "wsgi.version": (1, 0)}
    base.update(environ)
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, headers

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = app(base, start_response)
        content = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(answer["status"].split()[0]), dict(answer["headers"]), content


@pytest.fixture
def site():
    return WSGIHandler()


@pytest.fixture
def fast(site):
    return WebhookFastPath(site)


def headers_of(site_headers: dict) -> dict:
    return {k.lower(): v for k, v in site_headers.items() if k.lower() not in LOCALE_HEADERS}


def lower(headers: dict) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def _forged(signer):
    return signer.notification(ses_event("Bounce"), key=make_certificate()[0])


def _altered(signer):
    message = signer.notification(ses_event("Delivery"))
    message["Message"] = json.dumps(ses_event("Complaint"))
    return message


def _old(signer):
    return signer.sign({"Type": "Notification", "MessageId": "old-1", "TopicArn": TOPIC_ARN,
                        "Message": json.dumps(ses_event("Delivery")),
                        "Timestamp": "2015-06-01T10:00:00.000Z"})


CASES = {  # name -> a fresh body each call (a new MessageId where there is one)
    "valid v1": lambda s: json.dumps(s.notification(ses_event("Delivery"), version="1")),
    "valid v2": lambda s: json.dumps(s.notification(ses_event("Bounce"), version="2")),
    "forged signature": lambda s: json.dumps(_forged(s)),
    "altered message": lambda s: json.dumps(_altered(s)),
    "wrong topic": lambda s: json.dumps(s.notification(ses_event("Delivery"), topic_arn=OTHER_TOPIC_ARN)),
    "unknown certificate": lambda s: json.dumps(s.notification(
        ses_event("Delivery"), cert_url="https://sns.eu-west-1.amazonaws.com/Other-0123.pem")),
    "old timestamp": lambda s: json.dumps(_old(s)),
    "malformed JSON": lambda s: "{not json",
    "empty body": lambda s: "",
    "not an object": lambda s: "[]",
    "too deep": lambda s: "[" * 5000,
    "too large": lambda s: json.dumps({**s.notification(ses_event("Delivery")), "Pad": "x" * 300_000}),
    "unsubscribe confirmation": lambda s: json.dumps(s.subscription(kind="UnsubscribeConfirmation")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_kind_of_message_gets_the_site_stacks_answer(signer, client, fast, case):
    """Two fresh messages of each kind: one through the site's stack (the test client),
    one through the slim path. Same status, text, headers and what is stored."""
    before = SnsMessage.objects.count()
    through_site = client.post(URL, data=CASES[case](signer), content_type="text/plain; charset=UTF-8")
    stored_by_site = SnsMessage.objects.count() - before
    status, headers, content = wsgi_call(fast, CASES[case](signer).encode())
    stored_by_fast = SnsMessage.objects.count() - before - stored_by_site
    assert (status, content) == (through_site.status_code, through_site.content)
    assert lower(headers) == headers_of(through_site.headers)
    assert stored_by_fast == stored_by_site


def test_a_notification_is_stored_and_a_replay_is_a_duplicate(signer, fast, client):
    message = signer.notification(ses_event("Complaint", ["ann@example.org"]))
    body = json.dumps(message).encode()
    assert wsgi_call(fast, body)[::2] == (200, b"queued\n")
    stored = SnsMessage.objects.get(message_id=message["MessageId"])
    assert (stored.body, stored.signature_version, stored.applied_at) == (message["Message"], "1", None)
    assert wsgi_call(fast, body)[::2] == (200, b"duplicate\n")
    site = client.post(URL, data=body, content_type="text/plain")
    assert (site.status_code, site.content) == (200, b"duplicate\n")
    assert SnsMessage.objects.filter(message_id=message["MessageId"]).count() == 1


def test_the_message_type_header_must_match(signer, fast):
    body = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    status, _, content = wsgi_call(fast, body, HTTP_X_AMZ_SNS_MESSAGE_TYPE="SubscriptionConfirmation")
    assert (status, content) == (403, b"rejected\n")
    assert SnsMessage.objects.count() == 0


def test_subscription_confirmation(signer, fast, monkeypatch):
    confirmed = []
    monkeypatch.setattr(sns, "confirm_subscription", confirmed.append)
    message = signer.subscription()
    body = json.dumps(message).encode()
    assert wsgi_call(fast, body)[::2] == (200, b"confirmed\n")
    assert confirmed == [message["SubscribeURL"]] and SnsMessage.objects.get().confirmed
    assert wsgi_call(fast, body)[::2] == (200, b"duplicate\n")
    assert len(confirmed) == 1


def test_a_rejection_is_logged_with_the_client_and_the_reason(signer, fast, caplog):
    body = json.dumps(_forged(signer)).encode()
    with caplog.at_level(logging.WARNING, logger="newsletter.sesevents.intake"):
        assert wsgi_call(fast, body)[0] == 403
    assert "203.0.113.9" in caplog.text and "signature does not verify" in caplog.text


def test_a_body_is_never_read_past_its_content_length(signer, fast):
    body = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    # What follows the declared length (the next request on the connection) is left alone.
    stream = io.BytesIO(body + b"POST /next HTTP/1.1\r\n")
    assert wsgi_call(fast, body, **{"wsgi.input": stream})[0] == 200
    assert stream.read() == b"POST /next HTTP/1.1\r\n"
    assert wsgi_call(fast, b"", CONTENT_LENGTH="")[::2] == (403, b"rejected\n")
    assert wsgi_call(fast, b"", CONTENT_LENGTH="nonsense")[::2] == (403, b"rejected\n")


def test_an_unexpected_error_answers_500_logs_it_and_stores_nothing(signer, fast, monkeypatch, caplog):
    def database_down(rows):
        raise OperationalError("database is gone")

    monkeypatch.setattr(groupcommit, "appender", groupcommit.GroupAppender(database_down))
    finished = []

    def on_finished(sender, **kwargs):
        finished.append(sender)

    signals.request_finished.connect(on_finished, dispatch_uid="test-finished")
    try:
        with caplog.at_level(logging.ERROR, logger="newsletter.sesevents.wsgi"):
            status, headers, content = wsgi_call(fast, json.dumps(signer.notification(ses_event("Delivery"))).encode())
    finally:
        signals.request_finished.disconnect(dispatch_uid="test-finished")
    assert (status, content) == (500, b"error, retry later\n")  # SNS retries a 5xx
    assert lower(headers)["x-content-type-options"] == "nosniff"
    assert "database is gone" in caplog.text and "Traceback" in caplog.text
    assert len(finished) == 1  # the request was ended: connections are recycled
    assert SnsMessage.objects.count() == 0


def test_other_requests_go_to_the_site(signer, fast):
    body = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    assert wsgi_call(fast, b"", method="GET")[0] == 405
    assert wsgi_call(fast, b"{}", method="PUT")[0] == 405
    assert wsgi_call(fast, body, HTTP_HOST="evil.example")[0] == 400  # DisallowedHost
    # The language-prefixed URL is the view behind the site's stack: same answer.
    status, headers, content = wsgi_call(fast, body, path="/fr" + URL)
    assert (status, content) == (200, b"queued\n") and lower(headers).get("content-language") == "fr"
    assert SnsMessage.objects.count() == 1


def test_https_redirect_hsts_and_a_proxy_header_follow_the_settings(signer, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    fast = WebhookFastPath(WSGIHandler())  # both read these settings when built
    body = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    status, headers, _ = wsgi_call(fast, body)
    assert status == 301 and lower(headers)["location"] == "https://testserver" + URL
    status, headers, content = wsgi_call(fast, body, HTTP_X_FORWARDED_PROTO="https")
    assert (status, content) == (200, b"queued\n")
    assert lower(headers)["strict-transport-security"].startswith("max-age=3600")
    fresh = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    _, site_headers, _ = wsgi_call(fast.site, fresh, HTTP_X_FORWARDED_PROTO="https")
    assert lower(headers) == headers_of(site_headers)
    assert wsgi_call(fast, body, HTTP_X_FORWARDED_PROTO="http")[0] == 301


def test_disallowed_user_agents_are_left_to_the_site(signer, site, settings):
    settings.DISALLOWED_USER_AGENTS = [re.compile("BadBot")]
    fast = WebhookFastPath(site)
    body = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    assert wsgi_call(fast, body, HTTP_USER_AGENT="BadBot/1.0")[0] == 403
    assert wsgi_call(fast, body, HTTP_USER_AGENT="Amazon Simple Notification Service Agent")[0] == 200


def test_production_serves_the_slim_path(signer):
    from cms import wsgi

    assert isinstance(wsgi.application, WebhookFastPath) and wsgi.application.site is wsgi.site
    assert wsgi.application.path == URL
    body = json.dumps(signer.notification(ses_event("Delivery"))).encode()
    assert wsgi_call(wsgi.application, body)[::2] == (200, b"queued\n")


def test_an_expired_certificate_is_rejected(signer, fast):
    old = SnsSigner(expired=True)
    signer.table[old.cert_url] = old.pem
    assert wsgi_call(fast, json.dumps(old.notification(ses_event("Delivery"))).encode())[0] == 403
    assert SnsMessage.objects.count() == 0
