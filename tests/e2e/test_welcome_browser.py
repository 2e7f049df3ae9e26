"""The welcome email in chromium: a reader subscribes, confirms and follows the welcome's
"Read the latest issue" button; an editor edits the welcome in Settings → Partnership
(the error for an empty text while it is on, then a new text) and previews it. The
screenshots go to test-artifacts/welcome-*.png."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from cms.links import page_url
from tests.e2e.admin import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "s3cret-pass"


def outbox_messages(outbox: Path):
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)]


def test_reader_confirms_and_the_welcome_leads_to_the_latest_issue(
        demo_issue, page, live_server, settings, tmp_path, artifacts_dir):
    settings.SITE_URL = live_server.url
    settings.OUTBOX_DIR = tmp_path / "outbox"
    cache.clear()
    page.goto(f"{live_server.url}/newsletter/subscribe/")
    page.fill("input[name=email]", "lin@example.org")
    page.fill("input[name=name]", "Lin")
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Check your inbox")
    [confirmation] = outbox_messages(settings.OUTBOX_DIR)
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    page.goto(re.search(r"http://\S+/newsletter/confirm/\S+/", text).group(0))
    page.click("text=Confirm my subscription")
    page.wait_for_selector("text=Subscription confirmed")

    # The test settings run tasks at once (django-tasks' immediate backend) on commit.
    welcomes = [m for m in outbox_messages(settings.OUTBOX_DIR)
                if m["Message-ID"] != confirmation["Message-ID"]]
    assert len(welcomes) == 1
    html = welcomes[0].get_body(preferencelist=("html",)).get_content()
    page.set_viewport_size({"width": 375, "height": 900})
    page.set_content(html, wait_until="domcontentloaded")
    assert page.get_by_text("Dear Lin,").is_visible()
    assert page.locator("p", has_text="Thank you for confirming your subscription.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts_dir / "welcome-email-375.png"), full_page=True)
    with page.context.expect_page() as opened:  # MJML buttons open a new tab
        page.get_by_role("link", name="Read the latest issue").click()
    issue = opened.value
    issue.wait_for_load_state()
    assert issue.url == page_url(demo_issue)
    assert issue.locator("h1").first.inner_text() == demo_issue.title


def test_editor_edits_and_previews_the_welcome(demo_issue, page, live_server, settings,
                                               artifacts_dir, django_user_model):
    settings.SITE_URL = live_server.url
    user = django_user_model.objects.create_user("office", "office@example.org", PASSWORD,
                                                 first_name="Olga", last_name="Office")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=("access_admin", "change_partnershipsettings")))
    log_in(page, live_server.url, "office", PASSWORD)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Partnership").click()
    page.wait_for_selector("[data-welcome-preview]")
    editor = page.locator('[data-contentpath="welcome_text"] [contenteditable="true"]')

    def stored_text_has(words: str, present: bool):
        """Draftail writes its hidden input a moment after a change."""
        page.wait_for_function(
            "([words, present]) => document.querySelector('input[name=welcome_text]')"
            ".value.includes(words) === present", arg=[words, present])

    assert page.locator("#id_welcome_enabled").is_checked()
    assert "Thank you for confirming" in editor.inner_text()

    # On, but the text emptied: the form says what to do and keeps the switch.
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    stored_text_has("Thank you", False)
    page.get_by_role("button", name="Save").click()
    error = page.get_by_text("Write the welcome text, or untick “Send a welcome email”.")
    error.wait_for()
    page.screenshot(path=str(artifacts_dir / "welcome-settings-error.png"), full_page=True)

    editor = page.locator('[data-contentpath="welcome_text"] [contenteditable="true"]')
    editor.click()
    page.keyboard.type("Glad to have you with us. Expect one issue a month.")
    stored_text_has("Glad to have you", True)
    page.fill("#id_welcome_subject", "Hello from the clusters")
    page.get_by_role("button", name="Save").click()
    page.locator(".messages .success").wait_for()
    page.screenshot(path=str(artifacts_dir / "welcome-settings-saved.png"), full_page=True)

    with page.context.expect_page() as opened:
        page.locator('[data-welcome-preview] [data-language="en"] a').first.click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.get_by_text("Dear Olga Office,").is_visible()
    assert preview.locator("p", has_text="Glad to have you with us. Expect one issue a month."
                           ).is_visible()
    assert preview.get_by_role("heading", name="Hello from the clusters").is_visible()
    assert preview.get_by_role("link", name="Read the latest issue").get_attribute("href") == \
        page_url(demo_issue)
    preview.screenshot(path=str(artifacts_dir / "welcome-preview.png"), full_page=True)
    with page.context.expect_page() as opened:
        page.locator('[data-welcome-preview] [data-language="en"] a').nth(1).click()
    text = opened.value
    text.wait_for_load_state()
    assert "Glad to have you with us." in text.locator("body").inner_text()
