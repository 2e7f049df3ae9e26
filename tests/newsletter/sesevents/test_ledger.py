"""Send events settle the real delivery ledger (newsletter.campaigns.ledger) through their
EmailTags, in any order; the report is reachable per campaign and names it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from newsletter.campaigns.models import Campaign, Delivery, DeliveryStatus
from newsletter.sesevents.models import SesEvent
from newsletter.subscribers.models import Subscriber

from .signing import ses_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(home):
    from cms.models import IssueIndexPage, IssuePage

    index = home.add_child(instance=IssueIndexPage(title="Issues", slug="issues-ses"))
    issue = index.add_child(instance=IssuePage(title="Newsletter January 2017", slug="jan-2017",
                                               subject="January 2017"))
    return Campaign.objects.create(issue=issue, state=Campaign.State.SENDING)


def row(campaign, email, status):
    subscriber = Subscriber.objects.create(email=email, status=Subscriber.Status.CONFIRMED)
    return Delivery.objects.create(campaign=campaign, subscriber=subscriber, status=status)


def test_send_event_settles_an_unknown_row(signer, post, campaign):
    unknown = row(campaign, "ann@example.org", DeliveryStatus.UNKNOWN)
    payload = ses_event("Send", ["ann@example.org"], campaign=campaign.pk, delivery=unknown.pk)
    assert post(signer.notification(payload)).status_code == 200
    unknown.refresh_from_db()
    assert unknown.status == DeliveryStatus.SENT
    assert unknown.message_id == payload["mail"]["messageId"]
    assert SesEvent.objects.get().effect == f"settled delivery {unknown.pk}"


def test_send_event_leaves_settled_rows_alone(signer, post, campaign):
    failed = row(campaign, "bob@example.org", DeliveryStatus.FAILED)
    sent = row(campaign, "cy@example.org", DeliveryStatus.SENT)
    Delivery.objects.filter(pk=sent.pk).update(message_id="original")
    for delivery in (failed, sent):
        payload = ses_event("Send", [delivery.subscriber.email], campaign=campaign.pk, delivery=delivery.pk)
        assert post(signer.notification(payload)).status_code == 200
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED
    assert (sent.status, sent.message_id) == (DeliveryStatus.SENT, "original")
    assert SesEvent.objects.filter(effect="").count() == 2


def test_send_event_for_a_row_that_does_not_exist_is_stored(signer, post, campaign):
    payload = ses_event("Send", ["ghost@example.org"], campaign=campaign.pk, delivery=987654)
    assert post(signer.notification(payload)).status_code == 200
    event = SesEvent.objects.get()
    assert (event.campaign_id, event.delivery_id) == (campaign.pk, 987654)


def test_send_after_a_bounce_still_settles(signer, post, campaign):
    unknown = row(campaign, "ann@example.org", DeliveryStatus.UNKNOWN)
    message_id = "0102-bounce-first"
    bounce = ses_event("Bounce", ["ann@example.org"], campaign=campaign.pk, delivery=unknown.pk,
                       message_id=message_id)
    send = ses_event("Send", ["ann@example.org"], campaign=campaign.pk, delivery=unknown.pk,
                     message_id=message_id)
    assert post(signer.notification(bounce)).status_code == 200
    assert post(signer.notification(send)).status_code == 200
    unknown.refresh_from_db()
    assert (unknown.status, unknown.message_id) == (DeliveryStatus.SENT, message_id)
    assert Subscriber.objects.get(email="ann@example.org").status == Subscriber.Status.BOUNCED


def test_report_names_the_campaign(admin_client, signer, post, campaign):
    delivery = row(campaign, "ann@example.org", DeliveryStatus.SENT)
    post(signer.notification(ses_event("Delivery", ["ann@example.org"], campaign=campaign.pk,
                                       delivery=delivery.pk)))
    html = admin_client.get(reverse("sesevents_campaign_report", args=[campaign.pk])).content.decode()
    assert "Newsletter January 2017" in html
    assert '<td data-count="delivered">1</td>' in html


def test_rates_use_the_ledger_when_send_events_are_missing(admin_client, signer, post, campaign):
    rows = [row(campaign, f"r{i}@example.org", DeliveryStatus.SENT) for i in range(40)]
    post(signer.notification(ses_event("Bounce", ["r0@example.org", "r1@example.org"],
                                       campaign=campaign.pk, delivery=rows[0].pk)))
    html = admin_client.get(reverse("sesevents_campaign_report", args=[campaign.pk])).content.decode()
    assert 'data-rate="bounce-rate">5.00%' in html  # 2 of 40 sent rows
    assert "Over the review threshold" in html
    assert "sent: 40" in html


def test_engine_timeout_after_the_send_event_keeps_the_row_sent(signer, post, campaign):
    """The Send event settles a `sending` row first; the engine's read timeout then
    reports `unknown` for it. The ledger keeps `sent`, so the row is never resent."""
    from newsletter.campaigns import ledger
    from newsletter.campaigns.retry import Outcome, RetryPolicy

    racing = row(campaign, "ann@example.org", DeliveryStatus.SENDING)
    payload = ses_event("Send", ["ann@example.org"], campaign=campaign.pk, delivery=racing.pk)
    assert post(signer.notification(payload)).status_code == 200
    stale = Delivery.objects.get(pk=racing.pk)
    stale.status = DeliveryStatus.SENDING  # the engine's in-memory copy from its claim
    ledger.settle([(stale, Outcome("unknown", reason="Read timeout"))], RetryPolicy())
    racing.refresh_from_db()
    assert (racing.status, racing.message_id) == (DeliveryStatus.SENT, payload["mail"]["messageId"])
    assert ledger.release_unknown(campaign.pk, older_than=timedelta(0)) == 0
