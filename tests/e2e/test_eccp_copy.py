"""The copy buttons of the ECCP admin view, in Debian's chromium: one click puts exactly
the field's value on the clipboard. (Here, beside the other browser tests, so that the
whole session shares one browser: two Playwright sync drivers cannot run at once.)"""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(browser, live_server, client, django_user_model, demo_issue):
    from cms.models import InterviewPage

    user = django_user_model.objects.create_superuser("eccp-e2e", "e2e@example.org", "pw")
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    external = []

    def guard(route):
        url = route.request.url
        if url.startswith((live_server.url, "data:", "about:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    interview = InterviewPage.objects.live().first()
    page.goto(live_server.url + reverse("eccp:page", args=[interview.pk]))
    yield page, interview
    context.close()
    assert not external, f"the ECCP view tried to reach outside hosts: {external}"


def test_copy_buttons_put_the_exact_value_on_the_clipboard(admin_page, artifacts_dir):
    page, interview = admin_page
    assert page.evaluate("window.isSecureContext")
    title = page.locator('[data-eccp-field="title"] button.eccp-copy')
    title.click()
    page.wait_for_function("document.querySelector('[data-eccp-field=\"title\"] "
                           "button.eccp-copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == interview.title

    page.locator('[data-eccp-field="canonical_url"] button.eccp-copy').click()
    page.wait_for_timeout(200)
    assert page.evaluate("navigator.clipboard.readText()") == interview.as_item().url

    page.locator('[data-eccp-field="body_html"] button', has_text="Copy HTML").click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    # the presented facts first (the interviewee), then the numbered questions
    assert copied.startswith("<p><em>With José Freitas, ") and "<script" not in copied
    assert "<h3>1. " in copied
    page.screenshot(path=str(artifacts_dir / "eccp-admin-view.png"), full_page=True)


def test_copy_falls_back_to_select_and_execcommand(admin_page):
    page, interview = admin_page
    # as on a plain-http intranet host: no async clipboard API
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    button = page.locator('[data-eccp-field="teaser"] button.eccp-copy')
    button.click()
    page.wait_for_function("document.querySelector('[data-eccp-field=\"teaser\"] "
                           "button.eccp-copy').dataset.state !== undefined")
    state = button.get_attribute("data-state")
    assert state in {"done", "failed"}
    if state == "failed":  # the value is shown selected, ready for Ctrl+C
        assert page.evaluate("document.activeElement.id") == "eccp-teaser"
