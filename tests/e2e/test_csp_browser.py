"""In headless chromium: the strict Content-Security-Policy blocks nothing on the public
and subscriber pages (styles load from our own files), the embeddable form works inside
its preview frame, and the Wagtail admin, outside the policy, still loads its editor."""

import pytest

from .admin import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch_csp(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refused


def test_public_pages_work_under_the_csp(demo_issue, page, live_server, settings):
    settings.SITE_URL = live_server.url
    refused = watch_csp(page)
    for path in ("/", demo_issue.url, "/newsletter/subscribe/", "/newsletter/subscribe/embed/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The subscriber pages' stylesheet applied: the submit button is the brand green.
    page.goto(f"{live_server.url}/newsletter/subscribe/")
    colour = page.eval_on_selector("button[type=submit]",
                                   "el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(11, 110, 79)"
    # The embed page frames the embeddable form (same origin) and it is styled too.
    page.goto(f"{live_server.url}/newsletter/subscribe/embed/")
    frame = page.frame_locator("iframe.embed-preview")
    assert frame.locator("button[type=submit]").inner_text() == "Subscribe"
    assert refused == []


def test_the_admin_editor_loads_outside_the_csp(demo_issue, page, live_server,
                                                django_user_model):
    django_user_model.objects.create_superuser("csp-admin", "a@example.org", "pw")
    refused = watch_csp(page)
    log_in(page, live_server.url, "csp-admin", "pw")
    page.goto(f"{live_server.url}/admin/pages/{demo_issue.id}/edit/")
    page.wait_for_selector("[data-side-panel-toggle]")
    assert refused == []
    # The editor's userbar on a public page, under the public policy, opens its menu.
    page.goto(f"{live_server.url}{demo_issue.url}")
    page.locator("wagtail-userbar").locator("[data-wagtail-userbar-trigger]").click()
    page.locator("wagtail-userbar").locator("#wagtail-userbar-items").wait_for()
    assert refused == []
