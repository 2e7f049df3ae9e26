"""ECCP packs of the demo issue "Newsletter January 2017" (loaded by tests/conftest.py)."""

import json

import pytest
from django.core.files.storage import default_storage

from cms.items import Kind
from feeds.eccp import schema
from feeds.eccp.pack import (
    article_items,
    build_issue_packs,
    build_pack,
    issue_zip,
    page_zip,
    post_document,
)
from feeds.eccp.post import build_post
from feeds.eccp.validation import validate
from feeds.ical import event_ics

from .zips import assert_zip_matches_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_items(demo_issue):
    items = article_items(demo_issue.as_issue())
    assert {item.kind for item in items} == set(Kind.ARTICLES)  # every article type is there
    return items


def test_the_pack_of_every_demo_item_validates_against_the_schema(demo_items):
    for item in demo_items:
        post = build_post(item)
        assert schema.schema_errors(post_document(post, validate(post))) == [], item.title
        pack = build_pack(item)  # refuses on any validation error: the demo has none
        archive, index = assert_zip_matches_index(page_zip(pack))
        document = json.loads(archive.read("post.json"))
        assert document["id"] == item.id and document["title"] == item.title
        assert document["canonical_url"].startswith("http://testserver/")


def test_demo_hero_images_are_the_stored_1600x600_renditions(demo_items):
    for item in demo_items:
        pack = build_pack(item)
        hero = pack.post.hero
        assert hero is not None, item.title
        assert (hero.width, hero.height) == (1600, 600)
        with default_storage.open(hero.path, "rb") as handle:
            assert dict(pack.files)[hero.filename] == handle.read()
        assert hero.alt and hero.credit


def test_demo_events_carry_their_ics_and_time_zone(demo_items):
    events = [item for item in demo_items if item.kind == Kind.EVENT]
    assert events
    for item in events:
        files = dict(build_pack(item).files)
        assert files["event.ics"] == event_ics(item)  # the feed's own .ics, byte for byte
        assert b"BEGIN:VEVENT" in files["event.ics"]
        document = json.loads(files["post.json"])
        assert document["event"]["timezone"] == item.event.timezone
        assert document["event"]["registration_url"].startswith("http")


def test_the_demo_issue_zip_holds_exactly_what_its_index_lists(demo_issue, demo_items):
    issue = demo_issue.as_issue()
    packs = build_issue_packs(issue)
    archive, index = assert_zip_matches_index(issue_zip(issue, packs))
    assert [entry["id"] for entry in index["items"]] == [item.id for item in demo_items]
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert folders == {entry["folder"] for entry in index["items"]}
    assert index["issue"]["title"] == "Newsletter January 2017"
