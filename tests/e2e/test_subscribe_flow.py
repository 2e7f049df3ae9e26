"""End to end in headless chromium: subscribe, confirm from the outbox, change
preferences, unsubscribe. Screenshots of each step go to test-artifacts/."""

import email
import email.policy
import re

import pytest
from django.core.cache import cache

from cms.items import Kind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def confirmation_link(outbox) -> str:
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 1, f"expected one confirmation email, found {len(files)}"
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "grace@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://\S+/newsletter/confirm/\S+/", text).group(0)


def test_subscribe_confirm_preferences_unsubscribe(home, page, live_server, settings, tmp_path,
                                                   artifacts_dir):
    from newsletter.subscribers.models import ConsentEvent, Subscriber

    settings.SITE_URL = live_server.url
    settings.OUTBOX_DIR = tmp_path / "outbox"
    cache.clear()
    shot = 0

    def screenshot(name):
        nonlocal shot
        shot += 1
        page.screenshot(path=str(artifacts_dir / f"subscribe-{shot}-{name}.png"), full_page=True)

    page.goto(f"{live_server.url}/newsletter/subscribe/")
    assert page.locator("h1").inner_text() == "Subscribe to the newsletter"
    page.fill("input[name=email]", "Grace@Example.org")
    page.fill("input[name=name]", "Grace")
    page.fill("input[name=organisation]", "Navy Labs")
    page.select_option("select[name=country]", "DE")
    page.check("input[name=consent]")
    screenshot("form")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Check your inbox")
    screenshot("check-inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING and subscriber.email == "grace@example.org"

    page.goto(confirmation_link(settings.OUTBOX_DIR))
    page.wait_for_selector("text=Confirm that you want to receive the newsletter")
    screenshot("confirm")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # GET changed nothing
    page.click("text=Confirm my subscription")
    page.wait_for_selector("text=Subscription confirmed")
    screenshot("confirmed")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    page.click("text=Choose topics and language")
    page.wait_for_selector("text=Your newsletter preferences")
    page.uncheck(f"input[name=topics][value={Kind.GATEWAY_NEWS}]")
    page.uncheck(f"input[name=topics][value={Kind.ACTIVITY_NEWS}]")
    page.select_option("select[name=language]", "de")
    page.fill("input[name=name]", "Grace Hopper")
    page.click("text=Save preferences")
    page.wait_for_selector("text=Your preferences are saved")
    screenshot("preferences-saved")
    subscriber = Subscriber.objects.get()
    assert subscriber.topics == [Kind.INTERVIEW, Kind.SUCCESS_STORY, Kind.EVENT]
    assert (subscriber.language, subscriber.name) == ("de", "Grace Hopper")

    page.click("button:has-text('Unsubscribe')")
    page.wait_for_selector("text=You are unsubscribed")
    screenshot("unsubscribed")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert list(subscriber.consent_events.values_list("action", flat=True)) == [
        ConsentEvent.Action.SUBSCRIBE_REQUESTED, ConsentEvent.Action.CONFIRMATION_SENT,
        ConsentEvent.Action.CONFIRMED, ConsentEvent.Action.PREFERENCES_CHANGED,
        ConsentEvent.Action.UNSUBSCRIBED]
    assert not Subscriber.objects.sendable().exists()
