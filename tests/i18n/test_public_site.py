"""The public site in every language: prefixes, <html lang>, switcher, hreflang,
sign-up language."""

import re

import pytest

pytestmark = pytest.mark.django_db
ISSUE = "/newsletters/newsletter-january-2017/"


def alternates(body):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))


def test_default_language_keeps_its_urls_and_others_are_prefixed(client, french_demo):
    english = client.get(ISSUE)
    french = client.get("/fr" + ISSUE)
    assert english.status_code == french.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="fr">' in french.content.decode()
    assert french["Content-Language"] == "fr"
    assert "Lettre d’information de janvier 2017" in french.content.decode()


def test_hreflang_alternates_and_switcher_point_at_the_translation(client, french_demo):
    body = client.get("/fr" + ISSUE).content.decode()
    assert alternates(body) == {"en": "http://testserver" + ISSUE,
                                "fr": "http://testserver/fr" + ISSUE,
                                "x-default": "http://testserver" + ISSUE}
    switcher = re.search(r'<nav class="language-switcher.*?</nav>', body, re.S).group(0)
    assert 'href="http://testserver/newsletters/newsletter-january-2017/" hreflang="en"' in switcher
    assert 'hreflang="fr" lang="fr" aria-current="true">Français<' in switcher


def test_an_untranslated_page_has_no_switcher(client, demo_issue):
    body = client.get("/success-stories/leukocare-ag/").content.decode()
    assert '<nav class="language-switcher' not in body and alternates(body) == {}


def test_translated_issue_marks_fallback_articles(client, french_demo):
    body = client.get("/fr" + ISSUE).content.decode()
    card = re.search(r'<article class="card card--success_story" lang="en">.*?</article>',
                     body, re.S).group(0)
    assert "LEUKOCARE AG" in card or "Medigene AG" in card
    assert '<small class="fallback-note" lang="fr">(en anglais)</small>' in card
    interview = re.search(r'<article class="card card--interview"[^>]*>', body).group(0)
    assert "lang=" not in interview  # translated: in the page's own language


def test_site_chrome_is_translated(client, french_demo):
    body = client.get("/fr/").content.decode()
    assert "Aller au contenu" in body and "S’abonner à la lettre d’information" in body
    assert 'href="/fr/newsletters/"' in body  # the French menu


@pytest.mark.parametrize(("url", "headers", "expected"), [
    ("/newsletter/subscribe/", {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}, "de"),
    ("/newsletter/subscribe/", {"HTTP_ACCEPT_LANGUAGE": "pt-BR"}, "en"),
    ("/newsletter/subscribe/", {}, "en"),
    ("/fr/newsletter/subscribe/", {"HTTP_ACCEPT_LANGUAGE": "de"}, "fr"),
    ("/es/newsletter/subscribe/", {}, "es"),
])
def test_sign_up_language_follows_the_page_or_the_browser(client, url, headers, expected):
    body = client.get(url, **headers).content.decode()
    assert re.findall(r'<option value="(\w+)" selected>', body) == [expected]


def test_sign_up_page_in_french(client):
    body = client.get("/fr/newsletter/subscribe/").content.decode()
    assert "<h1>S’abonner à la lettre d’information</h1>" in body
    assert "Oui, envoyez-moi la lettre d’information par e-mail." in body
    assert " Entretiens</label>" in body  # topics
