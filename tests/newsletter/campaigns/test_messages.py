"""The real message builder: the demo issue rendered once, personalised per subscriber,
sent through boto3 to the local endpoint and read back as a MIME message."""

import email
from email import policy

import pytest

from newsletter.campaigns import actions
from newsletter.campaigns.engine import run_campaign
from newsletter.campaigns.messages import SnapshotMessageBuilder
from newsletter.campaigns.models import Delivery


@pytest.fixture
def message_builder():
    return SnapshotMessageBuilder


@pytest.mark.django_db
def test_each_subscriber_gets_the_rendered_issue_with_personal_links(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    fake_ses.keep_raw = True
    people = make_subscribers(3)
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    report = run_campaign(campaign.pk, concurrency=3)
    assert report.sent == 3
    links = set()
    for record in fake_ses.accepted:
        msg = email.message_from_bytes(record["raw"], policy=policy.default)
        assert msg["To"].addresses[0].addr_spec == record["to"]
        assert msg.get_content_type() == "multipart/alternative"
        assert {part.get_content_type() for part in msg.iter_parts()} == {"text/plain", "text/html"}
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = msg["List-Unsubscribe"]
        assert "https://" in unsubscribe or "http://" in unsubscribe
        links.add(unsubscribe)
        row = Delivery.objects.get(pk=int(record["tags"]["delivery"]))
        assert msg["Message-ID"].startswith(f"<c{campaign.pk}.d{row.pk}.")
        assert msg["Subject"] == demo_issue.subject
        html = msg.get_body(("html",)).get_content()
        assert "fonts.googleapis" not in html
    assert len(links) == 3  # personal, not shared
    assert {r["to"] for r in fake_ses.accepted} == {p.email for p in people}
