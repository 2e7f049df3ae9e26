"""The "Send test" form in chromium, as an editor who is not a sender: the admin's field
components, the own address filled in, the error for an address outside the allowed
ones (nothing sent), then a test to the editor's own address. Screenshots go to
test-artifacts/send-test-*.png."""

import email
import email.policy
from pathlib import Path

import pytest

from tests.e2e.admin import log_in
from tests.e2e.test_cockpit import PASSWORD, _editor

pytestmark = [pytest.mark.e2e]


def test_editor_sends_a_test_to_their_own_address_only(
        transactional_db, demo_issue, live_server, page, settings, tmp_path, artifacts_dir,
        django_user_model):
    settings.SITE_URL = live_server.url
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.TEST_RECIPIENTS = ["review@example.org"]
    _editor(django_user_model)
    log_in(page, live_server.url, "editor", PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{demo_issue.id}/edit/")
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Send test").click()
    page.wait_for_url(f"**/admin/newsletter/issues/{demo_issue.id}/send-test/")

    field = page.locator(".w-field__wrapper", has=page.locator("textarea[name=addresses]"))
    assert field.locator("label", has_text="Send a test to").is_visible()
    assert field.locator(".w-field__help").is_visible()
    assert page.locator("textarea[name=addresses]").input_value() == "editor@example.org"
    assert page.get_by_text("You may send tests to: editor@example.org, review@example.org").is_visible()
    page.screenshot(path=str(artifacts_dir / "send-test-form.png"), full_page=True)

    page.fill("textarea[name=addresses]", "editor@example.org, boss@example.org")
    page.locator("form button[type=submit]", has_text="Send test").click()
    error = field.locator(".error-message")
    error.wait_for()
    assert "not to boss@example.org" in error.inner_text()
    assert "Newsletter senders" in error.inner_text()
    assert page.locator("textarea[name=addresses]").input_value() == \
        "editor@example.org, boss@example.org"  # nothing typed is lost
    assert not list(Path(settings.OUTBOX_DIR).glob("*.eml"))
    page.screenshot(path=str(artifacts_dir / "send-test-forbidden.png"), full_page=True)

    page.fill("textarea[name=addresses]", "editor@example.org")
    page.locator("form button[type=submit]", has_text="Send test").click()
    page.get_by_text("sent to editor@example.org").wait_for()
    page.screenshot(path=str(artifacts_dir / "send-test-sent.png"), full_page=True)
    [path] = Path(settings.OUTBOX_DIR).glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "editor@example.org"
    assert message["Subject"].startswith("[Test] ")
