"""Replays of the attacks on SES events and reports (issue 14, findings 1, 3 and 4).
Each failed before the fix; none may come back."""

import json
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse

from newsletter.sesevents import sns
from newsletter.sesevents.models import SesEvent, SnsMessage
from newsletter.sesevents.report import campaign_report, without_token
from newsletter.subscribers.models import Subscriber
from tests.newsletter.sesevents.signing import TOPIC_ARN, SnsSigner, ses_event

pytestmark = pytest.mark.django_db
URL = "/newsletter/ses/events/"


@pytest.fixture(scope="module")
def _signer():
    return SnsSigner()


@pytest.fixture
def signer(_signer, settings, monkeypatch):
    settings.SNS_TOPIC_ARNS = [TOPIC_ARN]
    sns.certificates.clear()
    cache.clear()
    fetched = []

    def fetch(url):
        fetched.append(url)
        if url != _signer.cert_url:
            raise OSError("no such certificate")
        return _signer.pem

    monkeypatch.setattr(sns, "fetch_pem", fetch)
    _signer.fetched = fetched
    yield _signer
    sns.certificates.clear()


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(body):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data=data, content_type="text/plain")
    return _post


# --- Finding 1: reports leak personal links -------------------------------------------------
def editor_without_campaign_rights(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_admin_user_without_the_permission_cannot_open_reports(client, django_user_model):
    SesEvent.objects.create(fingerprint="f1", event_type="click", source="event",
                            timestamp="2026-11-01T10:00:00Z", ses_message_id="m1",
                            recipient="ann@example.org", campaign_id=5,
                            link="http://testserver/newsletter/preferences/SECRET-TOKEN/")
    client.force_login(editor_without_campaign_rights(django_user_model))
    for url in (reverse("sesevents_report_index"), reverse("sesevents_campaign_report", args=[5])):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"SECRET-TOKEN" not in response.content
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("sesevents_report_index") not in menu


def test_newsletter_senders_may_open_reports_and_the_permission_is_assignable(
        client, django_user_model):
    senders = Group.objects.get(name="Newsletter senders")
    assert senders.permissions.filter(codename="view_ses_reports").exists()
    user = editor_without_campaign_rights(django_user_model)
    user.groups.add(senders)
    client.force_login(user)
    assert client.get(reverse("sesevents_report_index")).status_code == 200
    from wagtail import hooks

    assignable = [p for hook in hooks.get_hooks("register_permissions") for p in hook()]
    assert any(p.codename == "view_ses_reports" for p in assignable)


def test_stored_click_urls_are_shown_without_their_token(admin_client):
    for i, path in enumerate(["preferences/TOKEN-A", "unsubscribe/TOKEN-B", "preferences/TOKEN-C"]):
        SesEvent.objects.create(
            fingerprint=f"c{i}", event_type="click", source="event",
            timestamp="2026-11-01T10:00:00Z", ses_message_id=f"m{i}",
            recipient=f"r{i}@example.org", campaign_id=5,
            link=f"http://testserver/newsletter/{path}/")
    SesEvent.objects.create(fingerprint="c9", event_type="click", source="event",
                            timestamp="2026-11-01T10:00:00Z", ses_message_id="m9",
                            recipient="r9@example.org", campaign_id=5,
                            link="https://bioxclusters.example/news/?utm=x&email=r9@example.org")
    links = {row["link"]: row for row in campaign_report(5).links}
    assert links["http://testserver/newsletter/preferences/…/"]["people"] == 2
    assert "http://testserver/newsletter/unsubscribe/…/" in links
    assert "https://bioxclusters.example/news/?…" in links
    html = admin_client.get(reverse("sesevents_campaign_report", args=[5])).content.decode()
    assert "TOKEN-" not in html and "r9@example.org" not in html
    assert without_token("https://elsewhere.example/a/b") == "https://elsewhere.example/a/b"


def test_personal_links_in_emails_are_never_tracked(demo_issue):
    from newsletter.rendering import render_issue

    html = render_issue(demo_issue.as_issue()).html
    for placeholder in ("preferences", "unsubscribe"):
        anchors = [a for a in html.split("<a ")[1:] if placeholder in a.split(">")[0].lower()]
        assert anchors, placeholder
        assert all(a.startswith("ses:no-track ") for a in anchors), placeholder


def test_confirmation_email_links_are_not_tracked(client, mailoutbox_dir=None):
    from django.template.loader import render_to_string

    for name in ("subscribers/email/confirm.html", "subscribers/email/already_subscribed.html"):
        html = render_to_string(name, {"confirm_url": "https://x.example/c/T/",
                                       "preferences_url": "https://x.example/p/T/",
                                       "unsubscribe_url": "https://x.example/u/T/",
                                       "confirm_days": 7})
        anchors = [a for a in html.split("<a ")[1:] if "x.example" in a.split(">")[0]]
        assert anchors and all(a.startswith("ses:no-track ") for a in anchors), name


# --- Finding 3: deep JSON gives a 500 ----------------------------------------------------------
@pytest.mark.parametrize("body", ["[" * 100000, '{"a":' * 5000 + "1" + "}" * 5000])
def test_deeply_nested_json_is_refused_with_400(signer, post, body):
    response = post(body)
    assert response.status_code == 400
    assert SnsMessage.objects.count() == 0


def test_deep_json_inside_a_signed_message_is_acknowledged_not_applied(signer, post):
    response = post(signer.notification('{"eventType":"Bounce","x":' + "[" * 5000 + "]" * 5000 + "}"))
    assert response.status_code == 200
    assert SesEvent.objects.count() == 0
    assert SnsMessage.objects.get().applied_at is not None


# --- Finding 4: old SNS messages are accepted ---------------------------------------------------
def signed_at(signer, timestamp: str, payload) -> dict:
    return signer.sign({
        "Type": "Notification", "MessageId": str(uuid.uuid4()), "TopicArn": TOPIC_ARN,
        "Message": json.dumps(payload), "Timestamp": timestamp,
    })


def test_validly_signed_message_from_2015_is_refused(signer, post):
    Subscriber.objects.create(email="ann@example.org", status=Subscriber.Status.BOUNCED)
    response = post(signed_at(signer, "2015-06-01T10:00:00.000Z", ses_event("Complaint")))
    assert response.status_code == 403
    assert Subscriber.objects.get(email="ann@example.org").status == Subscriber.Status.BOUNCED
    assert SnsMessage.objects.count() == 0
    assert signer.fetched == []  # refused before any certificate fetch


def test_timestamp_window_is_configurable(signer, post, settings):
    from datetime import UTC, datetime, timedelta

    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert post(signed_at(signer, two_hours_ago, ses_event("Delivery"))).status_code == 403
    settings.SNS_MESSAGE_MAX_AGE = 3 * 3600
    assert post(signed_at(signer, two_hours_ago, ses_event("Delivery"))).status_code == 200


def test_failed_certificate_fetch_is_not_repeated_for_every_forged_post(signer, post):
    forged_url = f"https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-{'0' * 32}.pem"
    for _ in range(5):
        message = signer.notification(ses_event("Delivery"), cert_url=forged_url)
        assert post(message).status_code == 503
    assert signer.fetched == [forged_url]


def test_message_ids_are_kept_as_long_as_events(signer, post):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    message = signer.notification(ses_event("Delivery"))
    assert post(message).status_code == 200
    old = timezone.now() - timedelta(days=400)
    SnsMessage.objects.update(received_at=old)  # the MessageId is old, its event is recent
    call_command("ses_prune", "--days", "395")
    assert SesEvent.objects.count() == 1 and SnsMessage.objects.count() == 1
    assert post(message).content == b"duplicate\n"
