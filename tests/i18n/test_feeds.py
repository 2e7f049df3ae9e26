"""Feeds per language (/fr/feeds/…), iCal per language, ECCP export of a translation."""

import zipfile

import feedparser
import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

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
