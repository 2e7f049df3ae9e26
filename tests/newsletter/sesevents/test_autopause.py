"""A sending campaign whose bounce or complaint rate passes the stop threshold pauses
itself, says why, logs it, and resumes only when a sender confirms."""

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from newsletter.campaigns.models import Campaign, CampaignState, Delivery, DeliveryStatus
from newsletter.sesevents import apply, handlers
from newsletter.subscribers.models import Subscriber

from .signing import ses_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(demo_issue):
    campaign = Campaign.objects.create(issue=demo_issue, state=CampaignState.SENDING,
                                       started_at=timezone.now())
    people = Subscriber.objects.bulk_create([
        Subscriber(email=f"p{i}@example.org", email_hash=uuid.uuid4().hex,
                   status=Subscriber.Status.CONFIRMED) for i in range(200)])
    Delivery.objects.bulk_create([
        Delivery(campaign=campaign, subscriber=person, status=DeliveryStatus.SENT)
        for person in people])
    return campaign


def arrive(campaign, kind, recipients, **fields):
    for address in recipients:
        handlers.append(message_id=str(uuid.uuid4()), kind="Notification", topic_arn="t",
                        sent_at=None, signature_version="1",
                        body=json.dumps(ses_event(kind, [address], campaign=campaign.pk, **fields)))
    return apply.drain()


def test_bounces_over_the_stop_threshold_pause_the_campaign(sending):
    done = arrive(sending, "Bounce", [f"p{i}@example.org" for i in range(4)], bounce_type="Permanent")
    assert done.paused == []  # 4 of 200 = 2.0%, under 2.5%
    done = arrive(sending, "Bounce", ["p4@example.org"], bounce_type="Permanent")
    assert done.paused == [sending.pk]  # 5 of 200 = 2.5%
    sending.refresh_from_db()
    assert sending.state == CampaignState.PAUSED
    assert "bounce rate is 2.50%" in sending.pause_reason
    entry = PageLogEntry.objects.filter(action="clusterpost.campaign.health_pause").get()
    assert entry.data["campaign"] == sending.pk and "2.50%" in entry.data["reason"]


def test_one_complaint_in_a_small_sample_does_not_pause(sending, settings):
    settings.SES_AUTOPAUSE_MIN_SENDS = 500
    arrive(sending, "Complaint", ["p1@example.org"])
    sending.refresh_from_db()
    assert sending.state == CampaignState.SENDING
    settings.SES_AUTOPAUSE_MIN_SENDS = 100
    arrive(sending, "Complaint", ["p2@example.org"])
    sending.refresh_from_db()
    assert sending.state == CampaignState.PAUSED and "complaint rate" in sending.pause_reason


def test_resume_after_a_self_pause_needs_a_senders_confirmation(sending, admin_client):
    arrive(sending, "Complaint", ["p1@example.org"])
    detail = admin_client.get(reverse("campaigns_admin:detail", args=[sending.pk])).content.decode()
    assert "complaint rate" in detail and 'name="confirm"' in detail
    url = reverse("campaigns_admin:action", args=[sending.pk, "resume"])
    admin_client.post(url)
    sending.refresh_from_db()
    assert sending.state == CampaignState.PAUSED
    admin_client.post(url, {"confirm": "yes"})
    sending.refresh_from_db()
    assert sending.state == CampaignState.SENDING and sending.pause_reason == ""


def test_campaign_report_shows_the_stop_rule_and_the_silence_warning(sending, admin_client):
    Campaign.objects.filter(pk=sending.pk).update(
        started_at=timezone.now() - timezone.timedelta(minutes=20))
    index = admin_client.get(reverse("sesevents_report_index")).content.decode()
    assert 'data-warning="silent-campaign"' in index and "Account health" in index
    report = admin_client.get(reverse("sesevents_campaign_report", args=[sending.pk])).content.decode()
    assert 'data-warning="silent-campaign"' in report and "data-stop-rule" in report
    arrive(sending, "Delivery", ["p9@example.org"])
    report = admin_client.get(reverse("sesevents_campaign_report", args=[sending.pk])).content.decode()
    assert 'data-warning="silent-campaign"' not in report
    index = admin_client.get(reverse("sesevents_report_index")).content.decode()
    assert 'data-intake="lag">median' in index
