"""The campaign page in a real browser: its figures follow the ledger while a campaign
sends (the page polls the progress endpoint), and it reloads when the campaign ends."""

import pytest
from django.utils import timezone

from newsletter.campaigns.models import Campaign, Delivery, DeliveryStatus
from newsletter.subscribers.models import Subscriber
from tests.e2e.admin import log_in

pytestmark = [pytest.mark.e2e]


def settle(rows, status=DeliveryStatus.SENT):
    Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=status, settled_at=timezone.now(), attempts=1)


def test_progress_is_live_while_sending_and_the_page_reloads_when_finished(
        transactional_db, demo_issue, live_server, page, settings, artifacts_dir,
        django_user_model):
    settings.CAMPAIGN_PROGRESS_POLL_MS = 250
    django_user_model.objects.create_superuser("sender", "sender@example.org", "s3cret-pass")
    people = [Subscriber.objects.create(email=f"reader{i}@example.org", status="confirmed")
              for i in range(10)]
    campaign = Campaign.objects.create(issue=demo_issue, state="sending", audience_size=10,
                                       audience_built=True, send_rate=14)
    rows = [Delivery.objects.create(campaign=campaign, subscriber=person) for person in people]

    log_in(page, live_server.url, "sender", "s3cret-pass")
    page.goto(f"{live_server.url}/admin/campaigns/{campaign.pk}/")

    field = page.locator
    assert field('[data-field="percent"]').text_content() == "0"
    assert field('[data-field="remaining"]').text_content() == "10"

    # A worker settles four rows: the open page follows without a reload.
    settle(rows[:3])
    settle(rows[3:4], DeliveryStatus.FAILED)
    field('[data-field="percent"]').filter(has_text="40").wait_for(timeout=10_000)
    assert field('[data-field="sent"]').text_content() == "3"
    assert field('[data-field="failed"]').text_content() == "1"
    assert field('[data-field="remaining"]').text_content() == "6"
    assert field('[data-field="progress"]').evaluate("el => el.value") == 40
    # 4 settled in the last 15 s, 6 to go: about 22 s
    assert field('[data-field="eta"]').text_content() == "less than a minute"
    page.screenshot(path=str(artifacts_dir / "campaign-progress.png"), full_page=True)

    # The campaign is paused by the engine: the reason appears.
    Campaign.objects.filter(pk=campaign.pk).update(
        state="paused", pause_reason="SES SendingPausedException: sending is paused.")
    field('[data-field="pause_reason"]').filter(has_text="SendingPaused").wait_for(
        state="visible", timeout=10_000)
    assert field('[data-field="state_label"]').text_content() == "Paused"

    # Resumed and finished: the page reloads to show the final state and lists.
    settle(rows[4:])
    Campaign.objects.filter(pk=campaign.pk).update(state="finished", pause_reason="")
    page.wait_for_function(
        "() => document.querySelector('[data-field=\"state_label\"]')?.textContent === 'Finished'"
        " && !document.querySelector('form[action$=\"/pause/\"]')", timeout=10_000)
    assert field('[data-field="percent"]').text_content() == "100"
    assert "reader3@example.org" in page.locator("h2:has-text('Failed') + ul").text_content()
