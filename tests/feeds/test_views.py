"""The feed views over the database: content, visibility, HTTP caching, invalidation."""

from datetime import UTC, date, datetime, time, timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from feeds import cache as feeds_cache
from feeds import views
from feeds.catalogue import FEEDS

pytestmark = pytest.mark.django_db

KIND_FEEDS = {"interviews": "interview", "success-stories": "story", "gateway-news": "gateway",
              "activity-news": "activity", "events": "event"}


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


def guids(parsed):
    return [entry.id for entry in parsed.entries]


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    original = views.render_feed

    def counting(spec, fmt):
        calls.append((spec.slug, fmt))
        return original(spec, fmt)

    monkeypatch.setattr(views, "render_feed", counting)
    return calls


@pytest.mark.parametrize("slug", list(KIND_FEEDS))
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_each_kind_feed_holds_its_kind_only(client, tree, slug, fmt):
    pages = {kind: getattr(tree, kind)(f"Fresh {kind}") for kind in set(KIND_FEEDS.values())}
    response, parsed = parse(client, f"/feeds/{slug}.{fmt}")
    assert response["Content-Type"].startswith(
        "application/rss+xml" if fmt == "rss" else "application/atom+xml")
    mine = pages[KIND_FEEDS[slug]]
    assert guids(parsed)[0] == f"clusterpost:page:{mine.pk}"
    others = {f"clusterpost:page:{p.pk}" for k, p in pages.items() if k != KIND_FEEDS[slug]}
    assert not others & set(guids(parsed))
    assert parsed.feed.title.endswith(dict((s.slug, s.title) for s in FEEDS)[slug])


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_all_feed_newest_first_without_drafts_or_private_pages(client, tree, image, fmt):
    older = tree.story("Older story")
    newer = tree.interview("Newer interview", image=image)
    draft = tree.interview("Draft interview", live=False)
    private = tree.activity("Private news")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = tree.gateway("Withdrawn news")
    unpublished.unpublish()
    _, parsed = parse(client, f"/feeds/all.{fmt}")
    ids = guids(parsed)
    assert ids[:2] == [f"clusterpost:page:{newer.pk}", f"clusterpost:page:{older.pk}"]
    for hidden in (draft, private, unpublished):
        assert f"clusterpost:page:{hidden.pk}" not in ids
    entry = parsed.entries[0]
    assert entry.link == f"http://testserver{newer.url}"
    (enclosure,) = entry.enclosures
    assert enclosure.href.startswith("http://testserver/media/")
    assert int(enclosure.length) > 0 and enclosure.type == "image/png"
    html = entry.content[0].value
    assert "1. What is a cluster?" in html and "2. Why join?" in html
    assert 'href="http://testserver/about/"' in html  # absolute
    assert 'alt="A blue rectangle"' in html


def test_feed_length_is_bounded(client, tree, settings):
    settings.FEEDS_LENGTH = 3
    for n in range(4):
        tree.interview(f"Interview {n}")
    _, parsed = parse(client, "/feeds/interviews.rss")
    assert [e.title for e in parsed.entries] == ["Interview 3", "Interview 2", "Interview 1"]


def test_unknown_feed_404(client):
    assert client.get("/feeds/nope.rss").status_code == 404
    assert client.get("/feeds/all.json").status_code == 404


def test_http_headers_and_304_without_rendering(client, tree, count_renders):
    tree.interview()
    first = client.get("/feeds/all.rss")
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "max-age=" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert count_renders == [("all", "rss")]
    again = client.get("/feeds/all.rss", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    since = client.get("/feeds/all.rss", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    warm = client.get("/feeds/all.rss")
    assert warm.status_code == 200 and warm.content == first.content
    assert warm["ETag"] == first["ETag"]
    assert count_renders == [("all", "rss")]  # rendered once, served four times
    stale = client.get("/feeds/all.rss", HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200
    head = client.head("/feeds/all.rss")
    assert head.status_code == 200 and head["ETag"] == first["ETag"]
    assert client.post("/feeds/all.rss").status_code == 405


def test_304_reads_only_the_validators(client, tree, count_renders):
    from django.core.cache import cache

    tree.interview()
    first = client.get("/feeds/all.rss")
    body_key = f"{feeds_cache.key('rss:all')}:body"
    assert cache.get(body_key) == first.content
    cache.delete(body_key)  # evict the bytes, keep the validators
    assert client.get("/feeds/all.rss",
                      HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert count_renders == [("all", "rss")]
    full = client.get("/feeds/all.rss")  # needs the bytes: renders them again
    assert full.content == first.content and full["ETag"] == first["ETag"]
    assert count_renders == [("all", "rss"), ("all", "rss")]


def test_cache_can_be_turned_off(client, tree, settings, count_renders):
    settings.FEEDS_CACHE_ENABLED = False
    tree.interview()
    first = client.get("/feeds/all.rss")
    second = client.get("/feeds/all.rss", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304  # still conditional, but rendered to know the ETag
    assert len(count_renders) == 2


def test_304_costs_no_more_than_a_couple_of_queries(client, tree):
    tree.interview()
    first = client.get("/feeds/all.atom")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feeds/all.atom",
                          HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(queries) <= 2, [q["sql"] for q in queries]


def test_publish_invalidates_the_cached_feed(client, tree, count_renders):
    tree.interview("First")
    first = client.get("/feeds/all.rss")
    page = tree.interview("Second")  # published through Wagtail: signal + audit log
    response, parsed = parse(client, "/feeds/all.rss", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response["ETag"] != first["ETag"]
    assert guids(parsed)[0] == f"clusterpost:page:{page.pk}"
    assert len(count_renders) == 2


def test_unpublish_removes_the_entry(client, tree):
    page = tree.interview("Soon gone")
    _, before = parse(client, "/feeds/interviews.atom")
    assert f"clusterpost:page:{page.pk}" in guids(before)
    page.unpublish()
    _, after = parse(client, "/feeds/interviews.atom")
    assert f"clusterpost:page:{page.pk}" not in guids(after)


def test_republish_with_new_title_shows_it(client, tree):
    page = tree.interview("Old title")
    client.get("/feeds/interviews.rss")
    page.title = "New title"
    page.save_revision().publish()
    _, parsed = parse(client, "/feeds/interviews.rss")
    assert parsed.entries[0].title == "New title"


def test_move_and_delete_invalidate(client, tree, home):
    page = tree.interview("Moving")
    _, before = parse(client, "/feeds/all.rss")
    assert before.entries[0].link == f"http://testserver{page.url}"
    assert page.url != f"/{page.slug}/"
    page.move(home, pos="last-child")  # a new URL, nothing republished
    _, after_move = parse(client, "/feeds/all.rss")
    assert after_move.entries[0].id == f"clusterpost:page:{page.pk}"  # same guid
    assert after_move.entries[0].link == f"http://testserver/{page.slug}/"
    page.refresh_from_db()
    page.delete()
    _, after_delete = parse(client, "/feeds/all.rss")
    assert f"clusterpost:page:{page.pk}" not in guids(after_delete)


def test_signals_drop_the_cache_even_without_an_audit_log_entry(client, tree, count_renders):
    """A change made in code (no audit log entry) still invalidates through the signal."""
    from wagtail.signals import page_unpublished

    page = tree.interview("Quiet")
    client.get("/feeds/all.rss")
    client.get("/feeds/all.rss")
    assert len(count_renders) == 1
    page.live = False
    page.save(update_fields=["live"])
    page_unpublished.send(sender=type(page), instance=page)
    _, parsed = parse(client, "/feeds/all.rss")
    assert len(count_renders) == 2
    assert f"clusterpost:page:{page.pk}" not in guids(parsed)


def test_identical_content_gives_identical_bytes_after_cache_clear(client, tree):
    from django.core.cache import cache

    tree.story()
    first = client.get("/feeds/all.atom")
    cache.clear()
    second = client.get("/feeds/all.atom")
    assert first.content == second.content and first["ETag"] == second["ETag"]


def test_issue_archive_feed(client, tree):
    from cms.models import IssuePage

    story = tree.story("Story in the issue")
    issue = IssuePage(title="Newsletter February 2017", issue_date=date(2017, 2, 15),
                      subject="February", preheader="What happened in February",
                      sections=[("success_stories", {"title": "SME success stories",
                                                     "items": [story]})])
    tree.indexes["issue"].add_child(instance=issue)
    issue.save_revision().publish()
    draft = IssuePage(title="Draft issue", issue_date=date(2017, 3, 1), subject="Draft",
                      live=False)
    tree.indexes["issue"].add_child(instance=draft)
    for fmt in ("rss", "atom"):
        _, parsed = parse(client, f"/feeds/issues.{fmt}")
        ids = guids(parsed)
        assert f"clusterpost:issue:{issue.pk}" in ids
        assert f"clusterpost:issue:{draft.pk}" not in ids
        entry = parsed.entries[ids.index(f"clusterpost:issue:{issue.pk}")]
        assert entry.title == "Newsletter February 2017"
        assert entry.summary == "What happened in February"
        assert "Story in the issue" in entry.content[0].value
        assert entry.link == f"http://testserver{issue.url}"


# --- iCal ---------------------------------------------------------------------------------

def test_calendar_of_upcoming_and_recent_events(client, tree):
    today = datetime.now(UTC).date()
    soon = tree.event("Soon", start_date=today + timedelta(days=30), start_time=time(9),
                      end_time=time(17), timezone="Europe/Madrid")
    later = tree.event("Later", start_date=today + timedelta(days=60), start_time=None,
                       end_date=today + timedelta(days=62), timezone="Asia/Tokyo")
    past = tree.event("Past", start_date=today - timedelta(days=30))
    ancient = tree.event("Ancient", start_date=today - timedelta(days=400))
    draft = tree.event("Draft", start_date=today + timedelta(days=10), live=False)
    response = client.get("/feeds/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"]
    calendar = Calendar.from_ical(response.content)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    # The last year's events stay, so a subscribed calendar keeps its history.
    assert uids == [f"clusterpost-page-{past.pk}@testserver",
                    f"clusterpost-page-{soon.pk}@testserver",
                    f"clusterpost-page-{later.pk}@testserver"]
    assert f"clusterpost-page-{ancient.pk}@testserver" not in uids
    assert f"clusterpost-page-{draft.pk}@testserver" not in uids
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"Europe/Madrid"}
    first = calendar.walk("VEVENT")[1]
    start = datetime.combine(today + timedelta(days=30), time(9))
    expected = start.replace(tzinfo=__import__("zoneinfo").ZoneInfo("Europe/Madrid"))
    assert first.decoded("DTSTART").astimezone(UTC) == expected.astimezone(UTC)
    assert client.get("/feeds/events.ics",
                      HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    soon.unpublish()
    again = Calendar.from_ical(client.get("/feeds/events.ics").content)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [
        f"clusterpost-page-{past.pk}@testserver", f"clusterpost-page-{later.pk}@testserver"]


def test_calendar_past_days_setting_trims_history(client, tree, settings):
    settings.FEEDS_CALENDAR_PAST_DAYS = 7
    today = datetime.now(UTC).date()
    recent = tree.event("Recent", start_date=today - timedelta(days=3))
    older = tree.event("Older", start_date=today - timedelta(days=30))
    uids = [str(e["UID"]) for e in Calendar.from_ical(client.get("/feeds/events.ics").content)
            .walk("VEVENT")]
    assert f"clusterpost-page-{recent.pk}@testserver" in uids
    assert f"clusterpost-page-{older.pk}@testserver" not in uids


def test_feeds_page_and_event_pages_offer_a_webcal_subscription(client, tree):
    event = tree.event("Soon", start_date=datetime.now(UTC).date() + timedelta(days=5))
    for url in ("/feeds/", event.url):
        html = client.get(url).content.decode()
        assert 'href="webcal://testserver/feeds/events.ics"' in html, url


# --- discovery ----------------------------------------------------------------------------

def test_feeds_page_lists_every_feed_and_the_calendar(client):
    response = client.get("/feeds/")
    assert response.status_code == 200
    html = response.content.decode()
    for spec in FEEDS:
        assert f"http://testserver/feeds/{spec.slug}.rss" in html
        assert f"http://testserver/feeds/{spec.slug}.atom" in html
        assert spec.title in html
    assert "http://testserver/feeds/events.ics" in html
    assert "<h1>Feeds</h1>" in html
    for spec in FEEDS:  # every listed address works
        assert client.get(f"/feeds/{spec.slug}.rss").status_code == 200


def test_every_page_has_autodiscovery_links(client, tree):
    page = tree.interview("Discover me")
    for url in ("/", page.url, "/feeds/"):
        html = client.get(url).content.decode()
        assert ('<link rel="alternate" type="application/rss+xml" title="All articles (RSS)" '
                'href="/feeds/all.rss">') in html, url
        assert 'type="application/atom+xml"' in html
        assert 'href="/feeds/issues.atom"' in html


def test_autodiscovery_template_needs_no_queries():
    from django.template.loader import render_to_string

    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("feeds/autodiscovery.html")
    assert len(queries) == 0
    assert html.count('rel="alternate"') == 4


def test_privacy_change_invalidates(client, tree):
    page = tree.story("Soon private")
    _, before = parse(client, "/feeds/success-stories.rss")
    assert f"clusterpost:page:{page.pk}" in guids(before)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
    _, private = parse(client, "/feeds/success-stories.rss")
    assert f"clusterpost:page:{page.pk}" not in guids(private)
    restriction.delete()
    _, public = parse(client, "/feeds/success-stories.rss")
    assert f"clusterpost:page:{page.pk}" in guids(public)


def test_partnership_settings_change_the_channel(client, home):
    from wagtail.models import Site

    from cms.models import PartnershipSettings

    _, before = parse(client, "/feeds/all.atom")
    settings_ = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.name = "Renamed partnership"
    settings_.save()
    _, after = parse(client, "/feeds/all.atom")
    assert after.feed.title == "Renamed partnership: All articles"
    assert before.feed.title != after.feed.title
