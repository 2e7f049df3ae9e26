"""One message builder: the preview, the test send, ``render_issue --eml`` and a campaign
build the same email of the demo issue. Only the personal parts (To, Message-ID, Date,
List-Unsubscribe, greeting, links) and each path's marker differ; Reply-To, Archived-At
and "View in browser" are the same everywhere and follow SITE_URL."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from newsletter.campaigns import actions
from newsletter.campaigns.engine import run_campaign
from newsletter.preview import email_preview, text_preview
from newsletter.rendering import make_message_id, sender_domain
from newsletter.rendering.builder import sample_recipient
from newsletter.rendering.mime import html_values, text_values
from newsletter.send_test import send_test_messages
from newsletter.subscribers.models import Subscriber
from newsletter.transports.outbox import OutboxTransport
from tests.support.mail import impersonal, subscriber_recipient, tokens_back

pytestmark = pytest.mark.django_db

SITE = "https://news.bioxclusters.example"


def only_message(directory: Path) -> bytes:
    [path] = directory.glob("*.eml")
    return path.read_bytes()


@pytest.fixture
def site(settings, tmp_path):
    settings.SITE_URL = SITE  # the Site record still says http://localhost
    settings.NEWSLETTER_REPLY_TO = "Editors <editors@bioxclusters.example>"
    settings.EMAIL_TRANSPORT = "outbox"
    settings.OUTBOX_DIR = tmp_path / "tests"
    return settings


def test_every_path_builds_the_same_message(site, demo_issue, django_user_model, rf, tmp_path):
    editor = django_user_model.objects.create_user("erika", "erika@example.org", "pw",
                                                   first_name="Erika", last_name="Editor")
    web_url = SITE + demo_issue.get_url_parts()[2]
    assert "localhost" not in web_url

    request = rf.get("/")
    request.user = editor
    preview_html = email_preview(demo_issue, request).content.decode()
    preview_text = text_preview(demo_issue, request).content.decode()

    send_test_messages(demo_issue, ["erika@example.org"], editor)
    test_raw = only_message(tmp_path / "tests")

    out = io.StringIO()
    call_command("render_issue", demo_issue.slug, "--eml", "--to", "reader@example.org",
                 stdout=out)
    eml_raw = out.getvalue().encode("ascii")

    person = Subscriber.objects.create(email="zoe@example.org", name="Zoë", status="confirmed",
                                       topics=["interview", "event"])
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    report = run_campaign(campaign.pk, transport=OutboxTransport(tmp_path / "campaign"),
                          concurrency=1)
    assert report.sent == 1
    campaign_raw = only_message(tmp_path / "campaign")

    test = impersonal(test_raw, sample_recipient(editor, "erika@example.org"))
    eml = impersonal(eml_raw, sample_recipient(None, "reader@example.org"))
    sent = impersonal(campaign_raw, subscriber_recipient(person))

    # each path's marker, then everything else is identical
    assert test.headers.pop("X-Clusterpost-Test") == "yes"
    assert sent.headers.pop("X-Clusterpost-Campaign") == str(campaign.pk)
    assert test.headers["Subject"] == f"[Test] {sent.headers['Subject']}"
    test.headers["Subject"] = sent.headers["Subject"]
    assert test.headers == eml.headers == sent.headers
    assert sent.headers["Reply-To"] == "Editors <editors@bioxclusters.example>"
    assert sent.headers["Archived-At"] == f"<{web_url}>"
    assert test.html == eml.html == sent.html
    assert test.text == eml.text == sent.text
    preview_reader = sample_recipient(editor)
    assert tokens_back(preview_html, html_values(preview_reader)) == sent.html
    assert tokens_back(preview_text, text_values(preview_reader)) == sent.text

    # "View in browser" follows SITE_URL too, in both parts
    assert f'href="{web_url}"' in sent.html
    assert web_url in sent.text
    assert "http://localhost" not in sent.html + sent.text + str(sent.headers)
    # test sends and --eml keep their marked placeholder links; the campaign has real ones
    assert f"{SITE}/admin/newsletter/test-link/unsubscribe/" in test_raw.decode("ascii")
    assert b"test-link" not in campaign_raw


def test_one_message_id_maker(site, demo_issue):
    """Campaign ids are traceable to their row; every id is at the sender's domain."""
    assert sender_domain(site.DEFAULT_FROM_EMAIL) == "bioxclusters.example"
    assert sender_domain("") == "localhost"
    value = make_message_id("bioxclusters.example", "c7.d42")
    assert value.startswith("c7.d42.") and value.endswith("@bioxclusters.example")
    with pytest.raises(ValueError):
        make_message_id("bioxclusters.example", "c7>\r\nBcc: x")
