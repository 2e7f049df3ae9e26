"""Every attack of the security review (issue 14), replayed against the test server.

The first part replays what the review found open (findings 2, 5, 6, 7, 10; 8 and 9
are in test_import_jobs.py and test_production_settings.py); the second part replays
what already held, so that none of it comes back. SES-side attacks (reports, deep JSON,
old SNS messages) are in test_ses_attacks.py. Helpers are shared with the suites that
test each part: the SNS signer of tests/newsletter/sesevents and their fixtures.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry
from wagtail.rich_text import RichText

from newsletter.campaigns.models import Campaign
from newsletter.sesevents import sns
from newsletter.sesevents.models import SesEvent, SnsMessage
from newsletter.subscribers import lifecycle, links, tokens
from newsletter.subscribers.models import Subscriber
from newsletter.subscribers.suppression import suppress
from tests.newsletter.sesevents.conftest import _signer, post, signer  # noqa: F401 (fixtures)
from tests.newsletter.sesevents.signing import make_certificate, ses_event

from .conftest import read_outbox

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/newsletter/subscribe/"
Status = Subscriber.Status


def subscribe(client, email, **fields):
    data = {"email": email, "name": "", "organisation": "", "country": "", "language": "en",
            "topics": ["interview"], "consent": "on", **fields}
    return client.post(SUBSCRIBE, data)


def texts(message) -> str:
    return "\n".join(part.get_content() for part in message.walk()
                     if part.get_content_maintype() == "text")


# ==== what the review found open ============================================================

# ---- finding 2: "Send test" mails anyone ---------------------------------------------------
def test_an_editor_cannot_use_send_test_to_mail_strangers(client, staff, demo_issue, outbox):
    group = Group.objects.create(name="Issue editors")
    GroupPagePermission.objects.create(group=group, page=demo_issue.get_parent(),
                                       permission=Permission.objects.get(codename="change_page"))
    user = staff(username="mallory", email="mallory@example.org")
    user.groups.add(group)
    client.force_login(user)
    victims = ", ".join(f"victim{n}@example.net" for n in range(20))
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    for _attempt in range(3):
        assert client.post(url, {"addresses": victims}).status_code == 200
    assert read_outbox(outbox) == []


# ---- finding 5: CSV formula injection ------------------------------------------------------
def test_exported_cells_never_start_a_formula(client, staff):
    Subscriber.objects.create(email="=1+2@example.org", name="+SUM(A1)", organisation="@cmd",
                              consent_source="-2+3", status=Status.CONFIRMED)
    Subscriber.objects.create(email="plain@example.org", name="\tTab", organisation="\rCR",
                              status=Status.CONFIRMED)
    client.force_login(staff("subscribers.view_subscriber", "subscribers.export_subscribers",
                             "subscribers.view_personal_data"))
    response = client.get("/admin/subscriber-tools/export/")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=1+2@example.org" in cells and "'+SUM(A1)" in cells and "'\tTab" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_an_export_imports_again(tmp_path):
    from newsletter.subscribers.exporting import write_csv
    from newsletter.subscribers.importing import import_csv

    Subscriber.objects.create(email="=1+2@example.org", name="=Ada", consent_source="Fair",
                              consented_at="2016-01-01T00:00:00Z", status=Status.CONFIRMED)
    with open(tmp_path / "out.csv", "w", newline="") as handle:
        write_csv(handle, Subscriber.objects.all())
    Subscriber.objects.all().delete()
    with open(tmp_path / "out.csv", "rb") as handle:
        report = import_csv(handle)
    assert report.committed and report.errors == []
    assert Subscriber.objects.get().name == "=Ada"


# ---- finding 6: subscribe-form abuse -------------------------------------------------------
PHISH = "Ada,\r\n\r\nYour account is locked: log in at https://evil.example/login"


def test_an_attackers_name_never_reaches_the_confirmation_mail(client, outbox,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe(client, "victim@example.net", name=PHISH,
                         organisation="evil.example").status_code == 302
    [message] = read_outbox(outbox)
    body = texts(message)
    assert "evil.example" not in body and "locked" not in body
    assert body.lstrip().startswith("Hello,")


@pytest.mark.parametrize("status", [Status.PENDING, Status.UNSUBSCRIBED])
def test_a_request_cannot_overwrite_someone_elses_details(client, status):
    ada = Subscriber.objects.create(email="ada@example.org", status=status, name="Ada",
                                    organisation="Engines")
    assert subscribe(client, "ada@example.org", name="Mallory",
                     organisation="Phish Ltd").status_code == 302
    ada.refresh_from_db()
    assert (ada.name, ada.organisation) == ("Ada", "Engines")
    assert ada.status == Status.PENDING


def test_a_complained_address_gets_no_mail_and_the_same_answer(client, outbox,
                                                              django_capture_on_commit_callbacks):
    Subscriber.objects.create(email="angry@example.org", status=Status.CONFIRMED)
    lifecycle.mark_complained("angry@example.org")
    suppress("gone@example.org", "complained")  # erased or never a row: only the hash
    with django_capture_on_commit_callbacks(execute=True):
        answers = [subscribe(client, address) for address in
                   ("angry@example.org", "gone@example.org", "new@example.org")]
    assert len({(a.status_code, a["Location"], a.content) for a in answers}) == 1
    assert [m["To"].addresses[0].addr_spec for m in read_outbox(outbox)] == ["new@example.org"]
    assert Subscriber.objects.get(email="angry@example.org").status == Status.COMPLAINED
    assert not Subscriber.objects.filter(email="gone@example.org").exists()


# ---- finding 7: a spoofed X-Forwarded-For --------------------------------------------------
def test_a_spoofed_forwarded_for_does_not_escape_the_rate_limit(client, settings):
    settings.SUBSCRIBERS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.SUBSCRIBE_RATE_LIMIT = 2
    codes = [subscribe(client, f"a{n}@example.org",
                       HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7").status_code
             for n in range(4)]
    assert codes == [302, 302, 429, 429]


def test_the_client_address_is_read_from_the_right(rf, settings):
    from newsletter.subscribers.ratelimit import client_ip

    settings.SUBSCRIBERS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7, 10.0.0.2",
                     REMOTE_ADDR="10.0.0.3")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: not through them
    assert client_ip(request) == "10.0.0.3"
    garbage = rf.get("/", HTTP_X_FORWARDED_FOR="<script>", REMOTE_ADDR="10.0.0.3")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(garbage) == "10.0.0.3"


# ---- finding 10: rich text that reached the database --------------------------------------
EVIL = ('<p>Fine <b>bold</b> <a href="javascript:alert(1)">x</a></p><script>alert(1)</script>'
        '<p onclick="alert(2)" style="position:fixed">y</p><img src=x onerror="alert(3)">'
        '<iframe src="https://evil.example"></iframe>')


def assert_defused(html: str) -> None:
    assert "<script" not in html and "alert(" not in html and "<iframe" not in html
    assert "onclick" not in html and "onerror" not in html and "position:fixed" not in html


def test_a_script_stored_in_a_rich_text_field_does_not_run(client, home):
    type(home).objects.filter(pk=home.pk).update(intro=EVIL)
    html = client.get("/").content.decode()
    assert_defused(html)
    assert "Fine <b>bold</b>" in html  # Wagtail's own features stay


def test_a_script_stored_in_a_rich_text_block_does_not_run(client, demo_issue):
    from cms.models import InterviewPage

    page = InterviewPage.objects.live().first()
    link = f'<a linktype="page" id="{demo_issue.pk}">the issue</a>'
    page.body = [("paragraph", RichText(EVIL + f"<p>{link}</p>")),
                 ("qa", {"question": "Q?", "answer": RichText(EVIL)})]
    page.save()
    html = client.get(page.url).content.decode()
    assert_defused(html)
    assert f'href="{demo_issue.url}"' in html  # internal links still expand


# ==== what already held =====================================================================

# ---- SNS: certificate-host tricks, forged or altered signatures, SubscribeURL SSRF ---------
def test_sns_certificate_lookalike_hosts_are_never_fetched(signer, post):  # noqa: F811
    for url in ("https://sns.eu-west-1.amazonaws.com.evil.example/x.pem",
                "https://sns.eu-west-1.amazonaws.com\\@evil.example/x.pem",
                "http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem"):
        signer.table[url] = signer.pem
        assert post(signer.notification(ses_event("Complaint"), cert_url=url)).status_code == 403
    assert signer.fetched == [] and not SnsMessage.objects.exists()


def test_sns_forged_and_altered_messages_change_nothing(signer, post):  # noqa: F811
    Subscriber.objects.create(email="ann@example.org", status=Status.CONFIRMED)
    forger, _pem = make_certificate()
    assert post(signer.notification(ses_event("Complaint"), key=forger)).status_code == 403
    altered = signer.notification(ses_event("Delivery"))
    altered["Message"] = json.dumps(ses_event("Complaint"))
    assert post(altered).status_code == 403
    assert not SesEvent.objects.exists()
    assert Subscriber.objects.get(email="ann@example.org").status == Status.CONFIRMED


def test_sns_subscribe_url_cannot_point_elsewhere(signer, post, monkeypatch):  # noqa: F811
    fetched = []
    monkeypatch.setattr(sns, "confirm_subscription",
                        lambda url: fetched.append(url) if sns.sns_url_region(url) else None)
    for url in ("http://169.254.169.254/latest/meta-data/",
                "https://sns.eu-west-1.amazonaws.com.evil.example/?Action=ConfirmSubscription"):
        assert post(signer.subscription(subscribe_url=url)).status_code == 403
    assert fetched == []


# ---- tokens: tampered, cross-purpose, expired ----------------------------------------------
def test_tampered_cross_purpose_and_expired_tokens_are_refused(client, settings):
    ada = Subscriber.objects.create(email="ada@example.org", status=Status.PENDING,
                                    confirm_nonce="n1")
    unsubscribe_token = tokens.make_token(ada, tokens.UNSUBSCRIBE)
    tampered = unsubscribe_token[:-2] + ("AA" if not unsubscribe_token.endswith("AA") else "BB")
    for path in (f"/newsletter/unsubscribe/{tampered}/",
                 f"/newsletter/preferences/{unsubscribe_token}/",  # another purpose's token
                 f"/newsletter/confirm/{unsubscribe_token}/"):
        assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 400
    foreign = signing.dumps({"s": ada.public_id.hex}, salt="something.else")
    assert client.post(f"/newsletter/unsubscribe/{foreign}/").status_code == 400
    confirm_token = tokens.make_token(ada, tokens.CONFIRM)
    settings.SUBSCRIBERS_CONFIRM_MAX_AGE = -1  # every link is already too old
    assert client.post(f"/newsletter/confirm/{confirm_token}/").status_code == 400
    ada.refresh_from_db()
    assert ada.status == Status.PENDING


def test_one_click_unsubscribe_needs_post(client):
    ada = Subscriber.objects.create(email="ada@example.org", status=Status.CONFIRMED)
    url = links.unsubscribe_url(ada).removeprefix("http://testserver")
    assert client.get(url).status_code == 200  # a link scanner's prefetch
    ada.refresh_from_db()
    assert ada.status == Status.CONFIRMED
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    ada.refresh_from_db()
    assert ada.status == Status.UNSUBSCRIBED


# ---- enumeration through the form ----------------------------------------------------------
def test_the_form_answers_the_same_for_every_kind_of_address(client):
    Subscriber.objects.create(email="known@example.org", status=Status.CONFIRMED)
    Subscriber.objects.create(email="pending@example.org", status=Status.PENDING)
    Subscriber.objects.create(email="left@example.org", status=Status.UNSUBSCRIBED)
    answers = [subscribe(client, address) for address in
               ("known@example.org", "pending@example.org", "left@example.org",
                "nobody@example.org")]
    assert len({(a.status_code, a["Location"], a.content) for a in answers}) == 1
    thanks = client.get(answers[0]["Location"]).content.decode()
    assert "If the address can receive the newsletter" in thanks


# ---- header injection -----------------------------------------------------------------------
def test_header_injection_through_an_address_is_refused(client, admin_client, demo_issue,
                                                        outbox):
    response = subscribe(client, "a@example.org\r\nBcc: victim@example.net")
    assert response.status_code == 200 and not Subscriber.objects.exists()
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    response = admin_client.post(url, {"addresses": "a@example.org\r\nBcc: victim@example.net"})
    assert response.status_code == 200 and read_outbox(outbox) == []


def test_a_crlf_name_stays_out_of_the_headers():
    ada = Subscriber.objects.create(email="ada@example.org", status=Status.CONFIRMED,
                                    name="Ada\r\nBcc: victim@example.net")
    from newsletter.subscribers.emails import build_message

    _sender, raw, _id = build_message(ada, "already_subscribed")
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "victim@example.net" not in headers


# ---- XSS through the editor ----------------------------------------------------------------
def test_script_in_a_title_or_teaser_is_escaped_on_the_site(client, demo_issue):
    from cms.models import InterviewPage

    page = InterviewPage.objects.live().first()
    page.title = '<script>alert("title")</script>'
    page.save()
    html = client.get(page.url).content.decode()
    assert '<script>alert("title")</script>' not in html
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html


# ---- ECCP path traversal ---------------------------------------------------------------------
def test_eccp_pack_names_cannot_leave_their_folder():
    import zipfile

    from feeds.eccp.pack import build_pack, page_zip
    from tests.feeds.builders import item

    evil = item(1, with_image=False, title="../../etc/passwd",
                url="https://example.org/../../etc/passwd/")
    pack = build_pack(evil, force=True, read_media=lambda path: b"",
                      event_ics=lambda i: b"")
    names = zipfile.ZipFile(io.BytesIO(page_zip(pack))).namelist()
    assert names and not [n for n in names if ".." in n or n.startswith("/")]
    assert ".." not in pack.zip_name and "/" not in pack.zip_name


# ---- campaign permissions --------------------------------------------------------------------
def test_an_editor_cannot_start_or_cancel_a_campaign(client, staff, demo_issue):
    client.force_login(staff(username="ed", email="ed@example.org"))
    url = reverse("campaigns_admin:issue", args=[demo_issue.pk])
    assert client.post(url, {"when": "now", "confirm": "1"}).status_code in (302, 403)
    assert not Campaign.objects.exists()
    assert not PageLogEntry.objects.filter(action__startswith="clusterpost.campaign").exists()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


def test_expired_preferences_links_are_refused(client, settings):
    ada = Subscriber.objects.create(email="ada@example.org", status=Status.CONFIRMED)
    token = tokens.make_token(ada, tokens.PREFERENCES)
    settings.SUBSCRIBERS_PREFERENCES_MAX_AGE = 1
    from unittest import mock

    from django.utils import timezone

    later = timezone.now() + timedelta(seconds=5)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(f"/newsletter/preferences/{token}/")
    assert response.status_code == 400 and re.search("expired", response.content.decode())
