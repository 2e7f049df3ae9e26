"""The email in a real browser (headless Debian chromium): responsive widths, and the
editor's path from the Email preview to a test message in the outbox."""

import email
import mimetypes
import time
from email import policy
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from newsletter.rendering import render_issue
from newsletter.rendering.builder import EmailBuilder, sample_recipient
from tests.e2e.admin import log_in

pytestmark = [pytest.mark.e2e]


def wait_for_frame(page, text: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame is page.main_frame:
                continue
            try:
                if text in frame.content():
                    return frame
            except Exception:  # noqa: BLE001 - a frame being replaced
                continue
        page.wait_for_timeout(250)
    return None


def serve_media(page, base_url: str) -> None:
    """live_server does not serve MEDIA_ROOT (DEBUG is off): answer image requests from
    the files, so screenshots show the real renditions."""

    def handler(route):
        name = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = Path(django_settings.MEDIA_ROOT) / name
        if path.is_file():
            route.fulfill(status=200, body=path.read_bytes(),
                          content_type=mimetypes.guess_type(path.name)[0] or "image/png")
        else:
            route.fulfill(status=404, body=b"")

    page.route(f"{base_url}/media/**", handler)


@pytest.mark.parametrize("width", [375, 700])
def test_email_is_responsive(transactional_db, demo_issue, live_server, page, settings,
                             artifacts_dir, width):
    settings.SITE_URL = live_server.url
    rendered = render_issue(demo_issue.as_issue())
    html, _text = EmailBuilder(rendered).parts(sample_recipient(None, "reader@example.org"))
    serve_media(page, live_server.url)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content(html, wait_until="load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(artifacts_dir / f"email-demo-{width}.png"), full_page=True)
    assert scroll_width <= width, f"horizontal scrolling at {width}px: {scroll_width}px"
    # every image loaded from the site (no broken renditions) and none is wider than the screen
    images = page.evaluate("""[...document.images].map(i => ({src: i.src, w: i.naturalWidth,
                                                              shown: i.getBoundingClientRect().width}))""")
    assert images, "the demo issue has images"
    for image in images:
        assert image["w"] > 0, f"image did not load: {image['src']}"
        assert image["shown"] <= width
    assert page.get_by_text("Newsletter January 2017").first.is_visible()


def test_editor_previews_and_sends_a_test(transactional_db, demo_issue, live_server, page,
                                          settings, artifacts_dir, django_user_model, tmp_path):
    settings.SITE_URL = live_server.url
    settings.OUTBOX_DIR = tmp_path / "outbox"
    django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass",
                                               first_name="Erika", last_name="Editor")
    serve_media(page, live_server.url)

    log_in(page, live_server.url, "editor", "s3cret-pass")

    page.goto(f"{live_server.url}/admin/pages/{demo_issue.id}/edit/")
    page.click("[data-side-panel-toggle='preview']")
    # The default (web page) preview loads first: once it shows, the panel's controller
    # is ready and listens to the mode select.
    assert wait_for_frame(page, "Newsletter January 2017") is not None
    page.select_option("#id_preview_mode", "email")
    # Wagtail swaps in a fresh iframe on every refresh: look at whichever frame is current
    email_frame = wait_for_frame(page, "Dear Erika Editor,", timeout=20)
    if email_frame is None:  # a change event lost while the panel was still refreshing
        page.select_option("#id_preview_mode", "")
        page.select_option("#id_preview_mode", "email")
        email_frame = wait_for_frame(page, "Dear Erika Editor,", timeout=30)
    page.screenshot(path=str(artifacts_dir / "email-editor-preview.png"))
    assert email_frame is not None, "the Email preview did not show the email"
    assert "In this issue" in email_frame.content()
    assert email_frame.evaluate("document.documentElement.scrollWidth") <= \
        email_frame.evaluate("window.innerWidth")

    # "Send test" sits in the page header's "Actions" (⋯) dropdown
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Send test").click()
    page.wait_for_url(f"**/admin/newsletter/issues/{demo_issue.id}/send-test/")
    page.fill("textarea[name=addresses]", "not-an-address")
    page.locator("form button[type=submit]", has_text="Send test").click()
    page.get_by_text("“not-an-address” is not a valid email address").wait_for()
    assert not list(Path(settings.OUTBOX_DIR).glob("*.eml"))

    page.fill("textarea[name=addresses]", "reviewer@example.org")
    page.locator("form button[type=submit]", has_text="Send test").click()
    page.get_by_text("sent to reviewer@example.org").wait_for()
    page.screenshot(path=str(artifacts_dir / "email-editor-sent.png"))

    files = list(Path(settings.OUTBOX_DIR).glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "reviewer@example.org"
    assert message["Subject"].startswith("[Test] ")
    body = message.get_body(("html",)).get_content()
    assert "Dear Erika Editor," in body and "Newsletter January 2017" in body
