"""The channel-neutral Item of every page type, and the Issue.

Channels read only these, so they must be plain data: strings, numbers, tz-aware
datetimes, dates, tuples and dicts of the same, and the dataclasses of cms.items."""

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils.functional import Promise

from cms import items as item_types
from cms.items import Item, Kind
from cms.models import (
    ActivityNewsPage,
    EventIndexPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    MemberCluster,
    SmeTool,
    SuccessStoryPage,
)

pytestmark = pytest.mark.django_db
PLAIN = (str, int, float, bool, type(None), date)


def assert_plain(value, where="item"):
    """No Django objects, lazy strings or naive datetimes anywhere inside."""
    assert not isinstance(value, Promise), f"{where}: lazy string"
    if isinstance(value, datetime):
        assert value.tzinfo is not None and value.utcoffset() is not None, f"{where}: naive"
    elif dataclasses.is_dataclass(value):
        assert type(value).__module__ == item_types.__name__, f"{where}: {type(value)}"
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, tuple):
        for index, part in enumerate(value):
            assert_plain(part, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, part in value.items():
            assert isinstance(key, str)
            assert_plain(part, f"{where}[{key}]")
    else:
        assert isinstance(value, PLAIN), f"{where}: {type(value)}"


def assert_absolute(url):
    assert url.startswith(settings.SITE_URL + "/"), url


def common_checks(item: Item, page):
    assert_plain(item)
    assert item.id == f"clusterpost:page:{page.pk}"
    assert item.title == page.title
    assert_absolute(item.url)
    assert item.url.endswith(page.url)
    assert item.published == page.first_published_at
    assert item.updated >= item.published
    assert item.language == "en"
    assert item.author == "bioXclusters plus"
    assert item.ecosystem == "Health"
    if item.image is not None:
        assert item.image.alt == page.image.description
        assert set(item.image.renditions) == {"email", "card", "eccp", "original"}
        for rendition in item.image.renditions.values():
            assert_absolute(rendition.url)
            assert rendition.width > 0 and rendition.length > 0
        assert item.image.renditions["card"].width == 800
        assert item.image.renditions["eccp"].height == 600


def test_interview_item(demo_issue):
    page = InterviewPage.objects.get()
    item = page.as_item()
    common_checks(item, page)
    assert item.kind == Kind.INTERVIEW
    assert item.person.name == "José Freitas" and item.person.role == "Policy Officer"
    assert item.summary == page.summary
    qa = [block for block in item.body if block.type == "qa"]
    assert [block.number for block in qa] == [1, 2, 3, 4]
    assert all(block.html.startswith("<p>") for block in qa)
    assert item.event is None and item.agreement is None and item.quote is None


def test_success_story_item(demo_issue):
    page = SuccessStoryPage.objects.get(slug="mind-the-byte")
    item = page.as_item()
    common_checks(item, page)
    assert item.kind == Kind.SUCCESS_STORY
    assert item.company == "Mind the Byte"
    assert item.location == "Barcelona, Spain"
    assert item.countries[0] == "ES" and "JP" in item.countries
    assert "Bioinformatics" in item.sectors
    assert item.quote.person.name == "Alfons Nonell-Canals"
    assert item.quote.person.organisation == "Mind the Byte"
    assert_absolute(item.related_url)
    assert item.related_url.endswith(page.related_page.url)
    images = [block for block in item.body if block.type == "image"]
    assert images and images[0].image.caption == images[0].text
    assert images[0].image.alt and images[0].image.credit


def test_success_story_without_a_live_mission_has_no_related_url(demo_issue):
    page = SuccessStoryPage.objects.get(slug="leukocare-ag")
    page.related_page.unpublish()
    page.refresh_from_db()
    assert page.as_item().related_url == ""


def test_gateway_news_items(demo_issue):
    page = GatewayNewsPage.objects.get(slug="mou-signed-with-adelaide")
    item = page.as_item()
    common_checks(item, page)
    assert item.kind == Kind.GATEWAY_NEWS
    assert item.location == "Adelaide, Australia" and item.countries == ("AU",)
    assert item.agreement.kind == "Business development agreement"
    assert item.agreement.signed_on == date(2016, 6, 8)
    assert item.event is None

    activity = GatewayNewsPage.objects.get(slug="toronto-health-innovation-week")
    item = activity.as_item()
    assert item.agreement is None  # a gateway's own activity, not an agreement
    assert item.event.timezone == "America/Toronto"
    assert item.related_url.endswith(activity.event.url)


def test_activity_news_item(demo_issue):
    page = ActivityNewsPage.objects.get(slug="trade-mission-japan-osaka-biojapan-2016")
    item = page.as_item()
    common_checks(item, page)
    assert item.kind == Kind.ACTIVITY_NEWS
    assert item.location == "Osaka and Yokohama, Japan"
    assert item.event.kind == "trade_mission" and item.event.city == "Osaka"
    links = [block.html for block in item.body if "More information" in block.html]
    # the internal page link is expanded to the event's absolute URL
    assert links and f'href="{settings.SITE_URL}{page.event.url}"' in links[0]

    platform = ActivityNewsPage.objects.get(slug="collaboration-platform-launch").as_item()
    assert platform.event is None and platform.related_url == ""


def test_event_item(demo_issue):
    page = EventPage.objects.get(slug="eu-japan-cluster-matchmaking-bio-europe-2016")
    item = page.as_item()
    common_checks(item, page)
    assert item.kind == Kind.EVENT
    event = item.event
    assert event.all_day
    assert event.start.isoformat() == "2016-11-08T00:00:00+01:00"
    assert event.end.date() == date(2016, 11, 8) and event.end > event.start
    assert event.kind_label == "Matchmaking event"
    assert (event.venue, event.city, event.country, event.country_name) == (
        "Koelnmesse", "Cologne", "DE", "Germany")
    assert event.ics_url == f"{settings.SITE_URL}/feeds/events/{page.pk}.ics"
    assert not event.is_online
    assert item.location == "Cologne, Germany"


def test_event_times_follow_the_event_time_zone(demo_issue):
    toronto = EventPage.objects.get(slug="toronto-health-innovation-week-2017").as_item().event
    assert toronto.start.utcoffset() == timedelta(hours=-4)  # EDT in April
    parent = EventIndexPage.objects.get()
    winter = EventPage(title="Winter call", slug="winter-call", event_kind="webinar",
                       summary="x", start_date=date(2030, 1, 15), start_time=time(15),
                       timezone="America/Toronto", online_url="https://example.org/call")
    parent.add_child(instance=winter)
    item = winter.as_item()
    assert item.event.start.utcoffset() == timedelta(hours=-5)  # EST in January
    assert item.event.end == item.event.start  # a moment: no end given
    assert item.event.is_online
    assert winter.start_utc == datetime(2030, 1, 15, 20, tzinfo=ZoneInfo("UTC"))
    assert EventPage.objects.upcoming().filter(pk=winter.pk).exists()


def test_snippet_items(demo_issue):
    tool = SmeTool.objects.get(name="EasySpeak").as_item()
    assert_plain(tool)
    assert tool.kind == Kind.SME_TOOL and "Erasmus+" in tool.summary
    assert tool.url.startswith("https://")
    member = MemberCluster.objects.get(name="BioM").as_item()
    assert_plain(member)
    assert member.kind == Kind.MEMBER_CLUSTER
    assert member.countries == ("DE",) and member.location == "Bavaria"
    assert member.image.alt == "BioM logo"


def test_issue_is_plain_data(demo_issue):
    issue = demo_issue.as_issue()
    assert_plain(issue)
    assert_absolute(issue.url)
    assert issue.partnership.sender_email == "newsletter@bioxclusters.example"
    assert issue.partnership.site_url == settings.SITE_URL
    kinds = {item.kind for item in issue.items}
    assert kinds == {Kind.INTERVIEW, Kind.SME_TOOL, Kind.ACTIVITY_NEWS, Kind.SUCCESS_STORY,
                     Kind.GATEWAY_NEWS, Kind.EVENT, Kind.MEMBER_CLUSTER}
    upcoming = next(s for s in issue.sections if s.key == "upcoming")
    assert [i.event.start.date() for i in upcoming.items] == [
        date(2017, 1, 24), date(2017, 4, 3), date(2017, 4, 3)]
