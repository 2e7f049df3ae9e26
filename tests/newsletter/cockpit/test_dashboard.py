"""The newsletter dashboard on the Wagtail home page: figures per permission, the
growth chart and its table, running/scheduled/finished campaigns, account health."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.campaigns import actions
from newsletter.campaigns.models import Campaign, CampaignState, Delivery, DeliveryStatus
from newsletter.cockpit import figures
from newsletter.sesevents.models import SesEvent
from newsletter.subscribers.models import Subscriber

pytestmark = pytest.mark.django_db


def _subscriber(email, status, **dates):
    return Subscriber.objects.create(email=email, status=status, **dates)


def test_subscriber_counts_and_weekly_growth():
    now = timezone.now()
    S = Subscriber.Status
    before = figures.subscriber_counts()
    _subscriber("a@example.org", S.CONFIRMED, confirmed_at=now - timedelta(days=1))
    _subscriber("b@example.org", S.CONFIRMED, confirmed_at=now - timedelta(days=8))
    _subscriber("c@example.org", S.PENDING)
    _subscriber("d@example.org", S.UNSUBSCRIBED, confirmed_at=now - timedelta(days=200),
                unsubscribed_at=now - timedelta(days=1))
    _subscriber("e@example.org", S.BOUNCED, bounced_at=now - timedelta(days=2))
    counts = figures.subscriber_counts()
    assert counts.confirmed - before.confirmed == 2
    assert counts.pending - before.pending == 1
    assert counts.unsubscribed - before.unsubscribed == 1
    assert counts.bounced - before.bounced == 1
    weeks = figures.weekly_growth(now, weeks=13)
    assert len(weeks) == 13 and weeks[-1].start == timezone.localdate(now) - timedelta(days=6)
    assert (weeks[-1].confirmed, weeks[-1].unsubscribed, weeks[-1].bounced) == (1, 1, 1)
    assert weeks[-2].confirmed == 1
    assert sum(week.confirmed for week in weeks) == 2  # the 200-day-old one is outside


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_drafts_but_no_campaign_or_subscriber_figures(client, editor, demo_issue):
    demo_issue.save_revision()  # an unpublished change: a draft
    html = _dashboard(client, editor)
    assert f'data-draft="{demo_issue.pk}"' in html
    for panel in ("cockpit-subscribers", "cockpit-running", "cockpit-last", "cockpit-account"):
        assert panel not in html


def test_a_sender_sees_every_panel(client, sender, demo_issue):
    _subscriber("x@example.org", Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    html = _dashboard(client, sender)
    for panel in ("cockpit-subscribers", "cockpit-running", "cockpit-last", "cockpit-account"):
        assert f'id="{panel}-section"' in html
    assert "<svg" in html and "data-growth-table" in html
    assert "var(--w-color-positive-100)" in html  # the admin's colours
    assert "No campaign is sending." in html


def test_running_scheduled_and_finished_campaigns_are_listed_and_linked(client, sender, demo_issue):
    subscriber = _subscriber("r@example.org", Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    running = actions.create(demo_issue)
    Campaign.objects.filter(pk=running.pk).update(state=CampaignState.SENDING, audience_size=2,
                                                   started_at=timezone.now())
    scheduled = actions.create(demo_issue)
    Campaign.objects.filter(pk=scheduled.pk).update(
        state=CampaignState.SCHEDULED, scheduled_at=timezone.now() + timedelta(days=1))
    finished = actions.create(demo_issue)
    Campaign.objects.filter(pk=finished.pk).update(state=CampaignState.FINISHED, audience_size=1,
                                                   finished_at=timezone.now())
    Delivery.objects.create(campaign=finished, subscriber=subscriber, status=DeliveryStatus.SENT,
                            settled_at=timezone.now())
    SesEvent.objects.create(event_type=SesEvent.Type.DELIVERY, recipient="r@example.org",
                            campaign_id=finished.pk, timestamp=timezone.now())
    html = _dashboard(client, sender)
    assert f'data-running="{running.pk}"' in html
    assert f'data-scheduled="{scheduled.pk}"' in html
    assert f'data-finished="{finished.pk}"' in html
    assert reverse("campaigns_admin:detail", args=[finished.pk]) in html
    [row] = figures.last_campaigns()
    assert (row.sent, row.delivered, row.health.bounce.percent) == (1, 1, "0.00%")
