"""The "Campaigns" menu item and listing: every campaign across issues, filters by
state, issue and date, sortable, an inline progress bar, links to each campaign."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.campaigns import actions
from newsletter.campaigns.models import Campaign, CampaignState, Delivery, DeliveryStatus
from newsletter.subscribers.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(demo_issue):
    sent = actions.create(demo_issue)
    Campaign.objects.filter(pk=sent.pk).update(state=CampaignState.SENDING, audience_size=4,
                                               created_at=timezone.now() - timedelta(days=40))
    for index, status in enumerate([DeliveryStatus.SENT, DeliveryStatus.PENDING,
                                    DeliveryStatus.PENDING, DeliveryStatus.PENDING]):
        subscriber = Subscriber.objects.create(email=f"l{index}@example.org",
                                               status=Subscriber.Status.CONFIRMED)
        Delivery.objects.create(campaign=sent, subscriber=subscriber, status=status)
    draft = actions.create(demo_issue)
    return sent, draft


def test_the_listing_shows_every_campaign_with_progress_and_links(client, sender, campaigns):
    sent, draft = campaigns
    client.force_login(sender)
    html = client.get(reverse("cockpit_campaigns")).content.decode()
    for campaign in (sent, draft):
        assert reverse("campaigns_admin:detail", args=[campaign.pk]) in html
    assert 'value="25"' in html and "(1/4)" in html  # one of four settled


def test_filters_by_state_and_date(client, sender, campaigns):
    sent, draft = campaigns
    client.force_login(sender)
    url = reverse("cockpit_campaigns_results")
    html = client.get(url, {"state": "sending"}).content.decode()
    assert reverse("campaigns_admin:detail", args=[sent.pk]) in html
    assert reverse("campaigns_admin:detail", args=[draft.pk]) not in html
    recent = (timezone.localdate() - timedelta(days=7)).isoformat()
    html = client.get(url, {"created_at_from": recent}).content.decode()
    assert reverse("campaigns_admin:detail", args=[draft.pk]) in html
    assert reverse("campaigns_admin:detail", args=[sent.pk]) not in html


def test_sortable_by_audience(client, sender, campaigns):
    sent, draft = campaigns
    client.force_login(sender)
    html = client.get(reverse("cockpit_campaigns_results"), {"ordering": "-audience_size"}).content.decode()
    assert html.index(f"/campaigns/{sent.pk}/") < html.index(f"/campaigns/{draft.pk}/")
    html = client.get(reverse("cockpit_campaigns_results"), {"ordering": "audience_size"}).content.decode()
    assert html.index(f"/campaigns/{draft.pk}/") < html.index(f"/campaigns/{sent.pk}/")


def test_editors_without_campaign_rights_get_no_menu_item_and_no_listing(client, editor, sender):
    client.force_login(editor)
    assert reverse("cockpit_campaigns") not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("cockpit_campaigns")).status_code in (302, 403)
    client.force_login(sender)
    assert reverse("cockpit_campaigns") in client.get(reverse("wagtailadmin_home")).content.decode()
