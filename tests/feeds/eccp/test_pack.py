"""Packs and their zips, built from plain Items with in-memory media (no database)."""

import json
from dataclasses import replace
from datetime import date

import pytest

from cms.items import Issue, Kind, Partnership, Section
from cms.lists import EMERGING_INDUSTRIES, INDUSTRIAL_ECOSYSTEMS
from feeds.eccp import schema
from feeds.eccp.pack import (
    PackRefused,
    article_items,
    build_issue_packs,
    build_pack,
    issue_zip,
    page_zip,
    post_document,
)
from feeds.eccp.post import build_post
from feeds.eccp.validation import validate
from tests.feeds.builders import barcelona, image, item, webinar

from .zips import assert_zip_matches_index, open_zip

MEDIA = {f"img{n}-eccp.png": f"PNG bytes of {n}".encode() for n in range(1, 20)}


def loaders():
    return {"read_media": MEDIA.__getitem__, "event_ics": lambda item: b"BEGIN:VCALENDAR\r\n"}


def issue_of(*items) -> Issue:
    partnership = Partnership(name="bioXclusters plus", tagline="", logo=None, about_html="",
                              disclaimer="", postal_address="", sender_name="", sender_email="",
                              site_url="http://testserver")
    return Issue(id=1, title="Newsletter January 2017", slug="newsletter-january-2017",
                 date=date(2017, 1, 31), subject="s", preheader="", intro_html="",
                 url="http://testserver/issues/newsletter-january-2017/",
                 sections=(Section("main", "Main", tuple(items)),), partnership=partnership)


def test_the_schema_is_valid_and_its_vocabularies_match_the_cms():
    loaded = schema.load()
    classification = loaded["properties"]["classification"]["properties"]
    assert classification["industrial_ecosystem"]["enum"] == INDUSTRIAL_ECOSYSTEMS
    assert len(INDUSTRIAL_ECOSYSTEMS) == 14
    assert classification["emerging_industries"]["items"]["enum"] == EMERGING_INDUSTRIES


@pytest.mark.parametrize("source", [
    item(1), item(2, Kind.ACTIVITY_NEWS), item(3, Kind.SUCCESS_STORY),
    item(4, Kind.GATEWAY_NEWS), barcelona(7), webinar(8), item(5, with_image=False)])
def test_every_kind_of_post_matches_the_schema(source):
    post = build_post(source)
    assert schema.schema_errors(post_document(post, validate(post))) == []


def test_the_schema_refuses_what_the_eccp_refuses():
    post = build_post(item(1))
    good = post_document(post, ())
    assert schema.schema_errors({**good, "title": "T" * 256})
    assert schema.schema_errors({**good, "teaser": "x" * 301})
    assert schema.schema_errors({**good, "type": "advert"})
    assert schema.schema_errors({**good, "body_html": '<p onclick="x()">hi</p>'})
    assert schema.schema_errors({**good, "body_html": '<p>hi<img src="a.png"></p>'})
    assert schema.schema_errors({**good, "canonical_url": "/relative/"})
    assert schema.schema_errors({**good, "event": None, "type": "event"})
    assert schema.schema_errors({**good, "surprise": 1})
    classification = {**good["classification"], "countries": ["Japan"]}
    assert schema.schema_errors({**good, "classification": classification})


def test_page_pack_files_and_zip():
    pack = build_pack(barcelona(7), **loaders())
    assert [name for name, _ in pack.files] == [
        "post.json", "body.html", "body.txt", "hero.png", "event.ics"]
    archive, index = assert_zip_matches_index(page_zip(pack))
    assert index["kind"] == "page" and index["id"] == "clusterpost:page:7"
    post = json.loads(archive.read("post.json"))
    assert post["type"] == "event" and post["title"] == "BIO-Europe Spring 2017"
    assert post["event"]["start"] == "2017-04-03T09:00:00+02:00"
    assert post["event"]["timezone"] == "Europe/Madrid"
    assert post["hero_image"]["file"] == "hero.png"
    assert archive.read("hero.png") == MEDIA["img7-eccp.png"]
    assert archive.read("body.html").decode().strip() == post["body_html"]
    assert archive.read("body.txt").decode().strip() == post["body_text"]
    assert archive.read("event.ics").startswith(b"BEGIN:VCALENDAR")


def test_a_pack_without_image_or_event_holds_only_the_post_and_body():
    pack = build_pack(item(5, with_image=False), **loaders())
    archive, _ = assert_zip_matches_index(page_zip(pack))
    assert sorted(archive.namelist()) == ["body.html", "body.txt", "index.json", "post.json"]


def test_zips_are_reproducible():
    assert page_zip(build_pack(item(1), **loaders())) == page_zip(build_pack(item(1), **loaders()))


def test_validation_errors_block_the_pack_unless_forced():
    source = item(1, image=replace(image("img1"), credit=""))
    with pytest.raises(PackRefused) as refused:
        build_pack(source, **loaders())
    assert refused.value.problems == [
        "Image credit: The image has no credit. Add the photographer or source to the "
        "image; the ECCP publishes only credited images."]
    forced = build_pack(source, force=True, **loaders())
    post = json.loads(dict(forced.files)["post.json"])
    assert [e["field"] for e in post["validation"]["errors"]] == ["hero_credit"]


def test_a_document_that_breaks_the_schema_is_never_written_even_when_forced():
    with pytest.raises(PackRefused) as refused:
        build_pack(item(1, title="T" * 256), force=True, **loaders())
    assert any("post.json does not match post-v1: title" in p for p in refused.value.problems)


def test_an_unreadable_hero_file_is_a_clear_refusal():
    def missing(path):
        raise FileNotFoundError(path)

    with pytest.raises(PackRefused, match="cannot be read from media storage"):
        build_pack(item(1), read_media=missing, event_ics=lambda i: b"")


def test_issue_zip_has_a_folder_per_article_and_an_index():
    items = [item(1), item(2, Kind.ACTIVITY_NEWS), barcelona(7),
             item(9, Kind.SME_TOOL), barcelona(7)]  # an SME tool, and an event twice
    issue = issue_of(*items)
    assert [i.id for i in article_items(issue)] == [
        "clusterpost:page:1", "clusterpost:page:2", "clusterpost:page:7"]
    packs = build_issue_packs(issue, **loaders())
    archive, index = assert_zip_matches_index(issue_zip(issue, packs))
    assert [entry["folder"] for entry in index["items"]] == [
        "01-1", "02-2", "03-7"]  # numbered, named from the URL's last segment
    assert index["issue"]["slug"] == "newsletter-january-2017"
    assert "03-7/event.ics" in archive.namelist()
    html = archive.read("index.html").decode()
    assert "BIO-Europe Spring 2017" in html and 'href="03-7/post.json"' in html


def test_an_issue_is_refused_naming_every_blocked_article():
    bad = item(2, image=replace(image("img2"), alt=""))
    issue = issue_of(item(1), bad, item(3, url=""))
    with pytest.raises(PackRefused) as refused:
        build_issue_packs(issue, **loaders())
    assert refused.value.title == "Newsletter January 2017"
    assert [p.split(":")[0] for p in refused.value.problems] == ["Item 2", "Item 3"]
    # forcing lets the alt text through, never a post.json the schema refuses
    with pytest.raises(PackRefused, match="Item 3: post.json does not match post-v1"):
        build_issue_packs(issue, force=True, **loaders())
    forced = issue_of(item(1), bad)
    archive = open_zip(issue_zip(forced, build_issue_packs(forced, force=True, **loaders())))
    assert len([n for n in archive.namelist() if n.endswith("post.json")]) == 2


def test_an_issue_without_articles_is_refused():
    with pytest.raises(PackRefused, match="no published articles"):
        build_issue_packs(issue_of(item(9, Kind.SME_TOOL)), **loaders())
