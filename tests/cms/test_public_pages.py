"""Every public page of the demo site answers 200 with its key text, from its Item."""

import re

import pytest
from wagtail.models import Page

from cms.models import (
    ActivityNewsPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    SuccessStoryPage,
)

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text(html):
    """Visible text, whitespace collapsed, entities as typed."""
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_live_page_answers_200_with_its_title(client, demo_issue):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() == 26
    for page in pages:
        html = get(client, page.url)
        assert page.title in text(html), page.url
        assert "autodiscovery" not in html  # the include renders, not its file name


def test_pages_load_nothing_from_other_hosts(client, demo_issue):
    for page in Page.objects.live().filter(depth__gte=2):
        html = get(client, page.url)
        loaded = re.findall(r'<(?:img|script|iframe|video|audio|source)\b[^>]*\ssrc="([^"]+)"', html)
        loaded += re.findall(r'<link\b[^>]*rel="(?:stylesheet|icon|preload)"[^>]*href="([^"]+)"', html)
        assert loaded, page.url
        assert all(url.startswith(("/", "http://testserver/", "data:")) for url in loaded), loaded
        assert "@import" not in html and "fonts.googleapis" not in html


def test_home_page_shows_latest_issue_articles_events_and_menu(client, demo_issue):
    html = get(client, "/")
    body = text(html)
    assert "Latest newsletter" in body and "Newsletter January 2017" in body
    assert "Interview with José Freitas" in body
    # every demo event is in the past now: the latest ones are shown instead
    assert "Recent events" in body and "Toronto Health Innovation Week" in body
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    for label in ("Newsletters", "Interviews", "SME success stories", "Events"):
        assert label in nav


def test_interview_page_numbers_its_questions(client, demo_issue):
    page = InterviewPage.objects.get()
    body = text(get(client, page.url))
    assert "1. What are the key objectives of EU cluster policy?" in body
    assert "4. How has bioXclusters plus progressed under this framework?" in body
    assert "José Freitas, Policy Officer" in body
    assert "world-class clusters" in body


def test_success_story_page_shows_outcome_quote_and_mission(client, demo_issue):
    page = SuccessStoryPage.objects.get(slug="mind-the-byte")
    html = get(client, page.url)
    body = text(html)
    assert "Outcome: Distribution agreement signed with Filgen" in body
    assert "— Alfons Nonell-Canals, Founder and CEO, Mind the Byte" in body
    assert "This success came from Trade Mission to Japan, Osaka and BioJapan 2016" in body
    assert "2nd from left: Yuko Kijimoto" in body  # the photo caption
    assert 'alt="Illustration standing in for the photo of the ACCIÓ' in html


def test_gateway_news_page_shows_agreement_facts(client, demo_issue):
    body = text(get(client, GatewayNewsPage.objects.get(slug="mou-signed-with-south-korea").url))
    assert ("Agreement Cooperation agreement with Chuncheon Bioindustry Foundation (CBF), "
            "signed 15 November 2016, two years") in body
    planned = text(get(client, GatewayNewsPage.objects.get(slug="new-mous-to-be-signed").url))
    assert "Agreement MoU with TO Health!, to be signed" in planned


def test_gateway_activity_links_its_event_with_calendar(client, demo_issue):
    page = GatewayNewsPage.objects.get(slug="clinical-trials-webinar-south-australia")
    event = EventPage.objects.get(slug="clinical-trials-webinar-south-australia-2017")
    html = get(client, page.url)
    assert f'href="{event.url}"' in html
    assert f'href="/feeds/events/{event.pk}.ics"' in html


def test_event_page_shows_date_time_zone_place_registration_and_calendar(client, demo_issue):
    event = EventPage.objects.get(slug="canada-europe-cluster-matchmaking-bio-europe-spring-2017")
    item = event.as_item()
    html = get(client, event.url)
    body = text(html)
    assert "When 3 – 6 April 2017" in body  # thin spaces around the dash (CLDR)
    assert "Time zone Europe/Madrid" in body
    assert "Where Barcelona, Spain" in body
    assert f'href="{item.event.registration_url}"' in html
    assert f'href="/feeds/events/{event.pk}.ics"' in html and "Add to calendar" in body
    assert "Past event" in body  # 2017 is behind us
    webinar = EventPage.objects.get(slug="clinical-trials-webinar-south-australia-2017")
    body = text(get(client, webinar.url))
    assert "When 24 January 2017, 09:00–10:00 GMT" in body and "Where Online" in body


def test_activity_news_page_shows_its_event(client, demo_issue):
    page = ActivityNewsPage.objects.get(slug="eu-japan-cluster-matchmaking-bio-europe-2016")
    body = text(get(client, page.url))
    assert "more than 50 representatives" in body
    assert "When 8 November 2016" in body and "Koelnmesse, Cologne, Germany" in body


def test_issue_page_is_the_web_version_of_the_issue(client, demo_issue):
    issue = demo_issue.as_issue()
    html = get(client, demo_issue.url)
    body = text(html)
    # the sections in the Issue's order, each holding exactly its Items
    titles = re.findall(r'<h2 id="section-[^"]+-title">([^<]+)</h2>', html)
    assert [t.replace("&#x27;", "'") for t in titles] == [s.title for s in issue.sections]
    chunks = re.split(r'<section class="issue-section', html)[1:]
    for section, chunk in zip(issue.sections, chunks, strict=True):
        for item in section.items:
            assert item.title in text(chunk), (section.key, item.title)
    assert "eLSI platform" in body and "Erasmus+" in body
    assert "Lyonbiopole Auvergne-Rhône-Alpes" in body
    assert issue.partnership.disclaimer in body
    for item in issue.items:
        if item.url.startswith("http://testserver"):
            assert f'href="{item.url[len("http://testserver"):]}"' in html


def test_listing_pages_paginate(client, demo_issue, settings):
    from cms.models import GatewayNewsIndexPage

    index = GatewayNewsIndexPage.objects.get()
    GatewayNewsIndexPage.per_page = 4
    try:
        first = text(get(client, index.url))
        second = text(get(client, index.url + "?page=2"))
    finally:
        GatewayNewsIndexPage.per_page = 12
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    titles = [p.title for p in GatewayNewsPage.objects.all()]
    assert sum(t in first for t in titles) == 4 and sum(t in second for t in titles) == 2
    # newest first
    assert first.index("Clinical Trials Webinar") < first.index("New MoUs to be signed")


def test_issue_archive_lists_the_issue(client, demo_issue):
    body = text(get(client, demo_issue.get_parent().url))
    assert "Newsletter January 2017" in body and "16 January 2017" in body
