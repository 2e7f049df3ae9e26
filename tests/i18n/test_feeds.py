"""Feeds per language (/fr/feeds/…), iCal per language, ECCP export of a translation."""

import json
import zipfile
from datetime import timedelta

import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from cms.models import EventPage

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_french_feed_holds_the_french_pages_in_french(client, french_demo, fmt):
    _response, french = parse(client, f"/fr/feeds/all.{fmt}")
    _response, english = parse(client, f"/feeds/all.{fmt}")
    assert french.feed.language == "fr" and english.feed.language == "en"
    titles = {entry.title for entry in french.entries}
    assert titles == {"Entretien avec José Freitas", "Mind the Byte",
                      "Protocole d’accord signé avec Adélaïde (Australie)"}
    assert all(entry.link.startswith("http://testserver/fr/") for entry in french.entries)
    assert not titles & {"Interview with José Freitas"}
    assert "Interview with José Freitas" in {entry.title for entry in english.entries}
    assert french.feed.title == "bioXclusters plus: Tous les articles"
    assert french.feed.id != english.feed.id if fmt == "atom" else True


def test_french_issue_feed(client, french_demo):
    _response, parsed = parse(client, "/fr/feeds/issues.rss")
    assert [entry.title for entry in parsed.entries] == ["Lettre d’information de janvier 2017"]


def test_a_language_without_content_has_an_empty_valid_feed(client, demo_issue):
    _response, parsed = parse(client, "/de/feeds/all.rss")
    assert parsed.feed.language == "de" and parsed.entries == []


def test_calendar_per_language(client, french_demo):
    response = client.get("/fr/feeds/events.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "bioXclusters plus : événements"
    assert client.get("/feeds/events.ics")["ETag"] != response["ETag"]


def test_feeds_page_links_to_the_feeds_of_its_language(client, french_demo):
    body = client.get("/fr/feeds/").content.decode()
    assert "http://testserver/fr/feeds/all.rss" in body and "<h1>Flux</h1>" in body


def test_eccp_export_in_french(french_demo, tmp_path):
    call_command("eccp_export", "jose-freitas-eu-cluster-policy", "--out", str(tmp_path),
                 "--language", "fr")
    [path] = list(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(path) as archive:
        post = next(name for name in archive.namelist() if name.endswith("post.json"))
        text = archive.read(post).decode()
    assert "Entretien avec José Freitas" in text and '"language": "fr"' in text


def test_eccp_export_is_english_by_default(demo_issue, tmp_path):
    call_command("eccp_export", "jose-freitas-eu-cluster-policy", "--out", str(tmp_path))
    [path] = list(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(path) as archive:
        post = next(name for name in archive.namelist() if name.endswith("post.json"))
        assert "Interview with José Freitas" in archive.read(post).decode()


@pytest.mark.parametrize(("language", "message"), [
    ("de", "has no Deutsch translation yet"), ("tlh", "Unknown language 'tlh'")])
def test_eccp_export_refuses_a_missing_translation_clearly(french_demo, tmp_path, language,
                                                           message):
    with pytest.raises(CommandError, match=message):
        call_command("eccp_export", "leukocare-ag", "--out", str(tmp_path),
                     "--language", language)


WEBINAR = "clinical-trials-webinar-south-australia-2017"


@pytest.fixture
def french_webinar(french_demo):
    """The demo's webinar, moved a month ahead (calendars hold upcoming events),
    translated into French and published."""
    english = EventPage.objects.get(slug=WEBINAR, locale__language_code="en")
    english.start_date = english.end_date = timezone.localdate() + timedelta(days=30)
    english.save_revision().publish()
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"),
                                          copy_parents=True)
    french.save_revision().publish()
    return french


def categories(calendar: Calendar) -> set[str]:
    return {str(category) for event in calendar.walk("VEVENT")
            for category in event["CATEGORIES"].cats}


def test_calendar_categories_are_the_event_kind_in_the_feeds_language(client, french_webinar):
    french = Calendar.from_ical(client.get("/fr/feeds/events.ics").content)
    english = Calendar.from_ical(client.get("/feeds/events.ics").content)
    assert categories(french) == {"Webinaire"}
    assert categories(english) == {"Webinar"}


def eccp_event(tmp_path, slug, *options) -> tuple[dict, str]:
    call_command("eccp_export", slug, "--out", str(tmp_path), *options)
    [path] = list(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(path) as archive:
        post = next(name for name in archive.namelist() if name.endswith("post.json"))
        ics = next(name for name in archive.namelist() if name.endswith("event.ics"))
        return json.loads(archive.read(post))["event"], archive.read(ics).decode()


@pytest.mark.parametrize(("options", "label"), [((), "Webinar"), (("--language", "fr"), "Webinaire")])
def test_eccp_event_type_label_is_in_the_posts_language(french_webinar, tmp_path, options,
                                                         label):
    event, ics = eccp_event(tmp_path, WEBINAR, *options)
    assert event["event_type"] == "webinar"  # the fixed machine value, in every language
    assert event["event_type_label"] == label
    assert f"CATEGORIES:{label}" in ics


def test_eccp_pack_of_the_french_issue_names_event_kinds_in_each_posts_language(
        french_webinar, tmp_path):
    call_command("eccp_export", "newsletter-january-2017", "--out", str(tmp_path),
                 "--language", "fr")
    [path] = list(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(path) as archive:
        posts = [json.loads(archive.read(name)) for name in archive.namelist()
                 if name.endswith("post.json")]
    events = {post["canonical_url"].rstrip("/").rsplit("/", 1)[-1]:
              (post["language"], post["event"]["event_type"], post["event"]["event_type_label"])
              for post in posts if post["event"] and "events/" in post["canonical_url"]}
    assert events[WEBINAR] == ("fr", "webinar", "Webinaire")
    # an event without a French translation falls back to English, label included
    assert events["toronto-health-innovation-week-2017"] == ("en", "conference", "Conference")
