"""The feeds over the demo issue "Newsletter January 2017" (loaded for every test)."""

from datetime import UTC, date, datetime

import feedparser
import pytest
from django.core.cache import cache
from icalendar import Calendar

from cms.items import Kind
from cms.models import EventPage
from feeds.catalogue import FEEDS

pytestmark = pytest.mark.django_db


def ics_event(client, slug):
    page = EventPage.objects.live().get(slug=slug)
    response = client.get(f"/feeds/events/{page.pk}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, response


def test_every_feed_parses_with_the_demo_content(client, demo_issue):
    for spec in FEEDS:
        for fmt in ("rss", "atom"):
            response = client.get(f"/feeds/{spec.slug}.{fmt}")
            assert response.status_code == 200
            parsed = feedparser.parse(response.content)
            assert parsed.bozo == 0, (spec.slug, fmt, parsed.get("bozo_exception"))
            assert parsed.entries, (spec.slug, fmt)
            for entry in parsed.entries:
                assert entry.link.startswith("http://testserver/")
                assert entry.id and entry.title and entry.summary
                assert entry.published_parsed
                if fmt == "atom":  # RSS 2.0 items have no updated date
                    assert dict.get(entry, "updated_parsed")


def test_all_feed_holds_every_article_of_the_issue(client, demo_issue):
    issue = demo_issue.as_issue()
    articles = {item.id for item in issue.items if item.kind in Kind.ARTICLES}
    parsed = feedparser.parse(client.get("/feeds/all.atom").content)
    assert articles <= {entry.id for entry in parsed.entries}
    by_id = {entry.id: entry for entry in parsed.entries}
    interview = next(item for item in issue.items if item.kind == Kind.INTERVIEW)
    html = by_id[interview.id].content[0].value
    assert "<h3>1. " in html and "<h3>2. " in html  # numbered questions
    with_image = [item for item in issue.items if item.kind in Kind.ARTICLES and item.image]
    assert with_image
    for item in with_image:
        (enclosure,) = by_id[item.id].enclosures
        assert enclosure.href == item.image.rendition("email").url
        assert int(enclosure.length) == item.image.rendition("email").length > 0


def test_issue_archive_has_the_january_issue(client, demo_issue):
    parsed = feedparser.parse(client.get("/feeds/issues.rss").content)
    entry = next(e for e in parsed.entries if e.id == f"clusterpost:issue:{demo_issue.pk}")
    assert entry.title == "Newsletter January 2017"
    html = entry.content[0].value
    for item in demo_issue.as_issue().items:
        if item.kind in Kind.ARTICLES:
            assert item.url in html


def test_webinar_ics_is_24_january_2017_at_9_gmt(client, demo_issue):
    calendar, event, response = ics_event(client, "clinical-trials-webinar-south-australia-2017")
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2017, 1, 24, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2017, 1, 24, 10, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(event["LOCATION"]).startswith("Online: https://bioxclusters.example/")
    assert response["Content-Disposition"] == (
        'attachment; filename="clinical-trials-webinar-south-australia.ics"')


def test_barcelona_ics_is_3_to_6_april_2017(client, demo_issue):
    _, event, _ = ics_event(client, "canada-europe-cluster-matchmaking-bio-europe-spring-2017")
    assert event.decoded("DTSTART") == date(2017, 4, 3)  # all day, VALUE=DATE
    assert event.decoded("DTEND") == date(2017, 4, 7)  # exclusive: the 6th is included
    assert str(event["LOCATION"]) == "Barcelona, Spain"


def test_toronto_ics_has_an_organizer(client, demo_issue):
    _, event, _ = ics_event(client, "toronto-health-innovation-week-2017")
    assert str(event["ORGANIZER"]) == "mailto:ella.korets-smith@tohealth.ca"
    assert event["ORGANIZER"].params["CN"] == "TO Health!"


def test_every_event_of_the_issue_links_to_a_working_ics(client, demo_issue):
    events = [item for item in demo_issue.as_issue().items if item.kind == Kind.EVENT]
    assert len(events) >= 2
    for item in events:
        response = client.get(item.event.ics_url.removeprefix("http://testserver"))
        assert response.status_code == 200
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["URL"]) == item.url


def test_demo_feeds_are_deterministic(client, demo_issue):
    first = {spec.slug: client.get(f"/feeds/{spec.slug}.rss").content for spec in FEEDS}
    cache.clear()
    second = {spec.slug: client.get(f"/feeds/{spec.slug}.rss").content for spec in FEEDS}
    assert first == second
