"""The language switcher and hreflang alternates in headless chromium, and the sign-up
form following the browser's language."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ISSUE = "/newsletters/newsletter-january-2017/"


def test_switcher_goes_to_the_same_page_in_the_other_language(demo_issue, page, live_server,
                                                              settings, artifacts_dir):
    from cms.demo.loader import load_demo_translations

    settings.SITE_URL = live_server.url
    load_demo_translations()
    page.goto(f"{live_server.url}/fr{ISSUE}")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Lettre d’information de janvier 2017"
    alternates = {link.get_attribute("hreflang"): link.get_attribute("href")
                  for link in page.locator('link[rel=alternate][hreflang]').all()}
    assert alternates == {"en": live_server.url + ISSUE, "fr": f"{live_server.url}/fr{ISSUE}",
                          "x-default": live_server.url + ISSUE}
    note = page.locator("article[lang=en] .fallback-note").first
    assert note.inner_text() == "(en anglais)"
    page.screenshot(path=str(artifacts_dir / "languages-1-french-issue.png"), full_page=True)

    page.locator(".language-switcher a[hreflang=en]").click()
    page.wait_for_url(live_server.url + ISSUE)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Newsletter January 2017"
    current = page.locator(".language-switcher a[aria-current]")
    assert current.get_attribute("hreflang") == "en"

    page.locator(".language-switcher a[hreflang=fr]").click()
    page.wait_for_url(f"{live_server.url}/fr{ISSUE}")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_sign_up_preselects_the_browser_language(browser, live_server, home):
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/newsletter/subscribe/")
        assert page.locator("select[name=language]").input_value() == "de"
        page.goto(f"{live_server.url}/it/newsletter/subscribe/")
        assert page.locator("html").get_attribute("lang") == "it"
        assert page.locator("select[name=language]").input_value() == "it"
        assert page.locator("h1").inner_text() == "Iscriversi alla newsletter"
    finally:
        context.close()
