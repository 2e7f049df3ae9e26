"""The demo loader: the seed issue "Newsletter January 2017" as pages and snippets."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Page, Revision

from cms.demo.loader import find_demo_issue, load_demo
from cms.models import (
    ActivityNewsPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    IssuePage,
    MemberCluster,
    PartnershipImage,
    PartnershipSettings,
    SmeTool,
    SuccessStoryPage,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "issues": IssuePage.objects.count(),
        "interviews": InterviewPage.objects.count(),
        "stories": SuccessStoryPage.objects.count(),
        "gateways": GatewayNewsPage.objects.count(),
        "activities": ActivityNewsPage.objects.count(),
        "events": EventPage.objects.count(),
        "tools": SmeTool.objects.count(),
        "members": MemberCluster.objects.count(),
        "images": PartnershipImage.objects.count(),
    }


def test_demo_counts(demo_issue):
    assert counts() == {
        "pages": 27,  # root, home, 6 indexes, 18 articles and the issue
        "issues": 1, "interviews": 1, "stories": 3, "gateways": 6, "activities": 3,
        "events": 5, "tools": 4, "members": 4, "images": 19,
    }


def test_running_twice_duplicates_nothing_and_keeps_dates(demo_issue):
    call_command("load_demo", stdout=StringIO())  # the session's demo has no French yet
    before = counts()
    first_published = dict(Page.objects.values_list("slug", "first_published_at"))
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert dict(Page.objects.values_list("slug", "first_published_at")) == first_published
    assert "0 created" in out.getvalue() and "Newsletter January 2017" in out.getvalue()
    assert find_demo_issue().pk == demo_issue.pk


def test_demo_pages_are_published_through_revisions_with_realistic_dates(demo_issue):
    articles = Page.objects.filter(depth=4)
    assert articles.count() == 19  # 18 articles and the issue
    for page in articles:
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id is not None
        assert Revision.page_revisions.filter(object_id=str(page.pk)).exists()
        assert datetime(2016, 9, 1, tzinfo=ZoneInfo("UTC")) <= page.first_published_at
        assert page.first_published_at <= datetime(2017, 1, 17, tzinfo=ZoneInfo("UTC"))
        assert page.last_published_at >= page.first_published_at


def test_issue_sections_follow_the_seed(demo_issue):
    issue = demo_issue.as_issue()
    assert issue.title == "Newsletter January 2017"
    assert issue.date.year == 2017 and issue.date.month == 1
    assert [s.key for s in issue.sections] == [
        "interview", "sme_tools", "activities", "success_stories", "gateways", "upcoming",
        "about"]
    titles = {s.key: [item.title for item in s.items] for s in issue.sections}
    assert titles["interview"] == ["Interview with José Freitas"]
    assert titles["sme_tools"] == ["eLSI platform", "EasySpeak", "Handbook of recommendations",
                                   "Country reports"]
    assert titles["success_stories"] == ["Mind the Byte", "LEUKOCARE AG", "Medigene AG"]
    assert titles["about"] == ["Lyonbiopole", "Biocat", "BioM", "bioPmed"]
    assert len(titles["gateways"]) == 6 and len(titles["upcoming"]) == 3
    assert demo_issue.unpublished_pages() == []


def test_interview_has_the_four_numbered_questions(demo_issue):
    item = InterviewPage.objects.get().as_item()
    qa = [block for block in item.body if block.type == "qa"]
    assert [block.number for block in qa] == [1, 2, 3, 4]
    assert qa[0].text == "What are the key objectives of EU cluster policy?"
    assert "develop world-class clusters" in qa[0].html
    assert "26 European Strategic Cluster Partnerships" in qa[1].html
    assert "partnership forum on the ECCP" in qa[2].html
    assert "personalised medicine" in qa[3].html
    assert item.person.name == "José Freitas"


def test_key_seed_texts(demo_issue):
    story = SuccessStoryPage.objects.get(slug="mind-the-byte").as_item()
    assert story.quote.person.name == "Alfons Nonell-Canals"
    assert story.quote.text.startswith("This is our third time travelling to Japan")
    assert "Filgen" in story.outcome and "1.2" in story.outcome
    assert story.related_url.endswith("/events/trade-mission-japan-osaka-biojapan-2016/")
    adelaide = GatewayNewsPage.objects.get(slug="mou-signed-with-adelaide").as_item()
    assert adelaide.agreement.organisations == ("BioSA", "Health Industries South Australia")
    assert adelaide.agreement.kind == "Business development agreement"
    assert adelaide.agreement.signed_on.year == 2016 and adelaide.agreement.signed_on.month == 6
    captions = [b.text for b in adelaide.body if b.type == "image"]
    assert captions and captions[0].startswith("From left to right: Florence Agostino")
    korea = GatewayNewsPage.objects.get(slug="mou-signed-with-south-korea").as_item()
    assert korea.agreement.duration == "two years"
    assert korea.agreement.signed_on.strftime("%Y-%m") == "2016-11"
    tohealth = GatewayNewsPage.objects.get(slug="new-mous-to-be-signed").as_item()
    assert "TOHealth!" in tohealth.summary and tohealth.agreement.signed_on is None
    partnership = PartnershipSettings.for_site(demo_issue.get_site())
    assert partnership.name == "bioXclusters plus"
    assert partnership.funding_disclaimer.startswith(
        "The content of this Newsletter represents the views of the author only")
    assert "3,300 European SMEs" in partnership.about
    assert partnership.sender_email == "newsletter@bioxclusters.example"
    assert partnership.postal_address
    tools = {tool.name: tool.description for tool in SmeTool.objects.all()}
    assert "eight strategic life science markets" in tools["eLSI platform"]
    assert "Erasmus+" in tools["EasySpeak"]


@pytest.mark.parametrize(("slug", "tz", "start", "end"), [
    ("eu-japan-cluster-matchmaking-bio-europe-2016", "Europe/Berlin",
     date(2016, 11, 8), date(2016, 11, 8)),
    ("trade-mission-japan-osaka-biojapan-2016", "Asia/Tokyo",
     date(2016, 10, 10), date(2016, 10, 13)),
    ("canada-europe-cluster-matchmaking-bio-europe-spring-2017", "Europe/Madrid",
     date(2017, 4, 3), date(2017, 4, 6)),
    ("toronto-health-innovation-week-2017", "America/Toronto",
     date(2017, 4, 3), date(2017, 4, 7)),
    ("clinical-trials-webinar-south-australia-2017", "Europe/London",
     date(2017, 1, 24), date(2017, 1, 24)),
])
def test_events_have_real_dates_and_time_zones(demo_issue, slug, tz, start, end):
    event = EventPage.objects.get(slug=slug).as_item().event
    assert event.timezone == tz
    assert event.start.tzinfo is not None and event.start.date() == start
    assert event.end.date() == end


def test_webinar_starts_at_nine_gmt(demo_issue):
    event = EventPage.objects.get(slug__startswith="clinical-trials").as_item().event
    assert event.start.astimezone(ZoneInfo("UTC")).hour == 9
    assert event.start.utcoffset() == timedelta(0)
    assert event.online_url


def test_activity_news_is_tied_to_its_event(demo_issue):
    news = ActivityNewsPage.objects.get(slug="eu-japan-cluster-matchmaking-bio-europe-2016")
    assert news.event.slug == "eu-japan-cluster-matchmaking-bio-europe-2016"
    assert news.as_item().event.city == "Cologne"
    mission = ActivityNewsPage.objects.get(slug="trade-mission-japan-osaka-biojapan-2016")
    assert mission.as_item().event.timezone == "Asia/Tokyo"
    for slug in ("toronto-health-innovation-week", "clinical-trials-webinar-south-australia"):
        gateway = GatewayNewsPage.objects.get(slug=slug)
        assert gateway.news_kind == "gateway_activity" and gateway.event is not None


def test_every_demo_image_has_alt_text_credit_and_a_file(demo_issue):
    for image in PartnershipImage.objects.all():
        assert image.alt_text and image.credit
        assert image.file.storage.exists(image.file.name)
        assert image.width >= 600


def test_demo_rebuilds_after_the_database_was_emptied(demo_issue):
    """What a transactional test's flush leaves behind: no pages, no site, no collection."""
    from wagtail.models import Site

    call_command("flush", interactive=False, verbosity=0)
    assert find_demo_issue() is None
    try:
        load_demo(translations=False)
        issue = find_demo_issue()
        assert issue is not None and issue.get_site() is not None
        assert counts()["pages"] == 27
    finally:
        # Rolled back after the test: Wagtail's cached site root paths must go too, and
        # so must the content types that flush's post_migrate re-created with new ids
        # (a stale ContentType cache maps models to the wrong rows in later tests).
        Site.clear_site_root_paths_cache()
        ContentType.objects.clear_cache()
