"""Loaded Issues are cached (cms.issue_cache) and every content write is seen at the
next ``as_issue()``: in this process at once, in another one through the content
generation (cms.models.generation), which goes up after each commit, and at the latest
after ISSUE_CACHE_SECONDS even for writes that send no signal."""

import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from cms import issue_cache
from cms.items import Kind
from cms.models import (
    ContentGeneration,
    IssuePage,
    MemberCluster,
    PartnershipImage,
    PartnershipSettings,
    SmeTool,
)
from cms.models.generation import _Bump

pytestmark = pytest.mark.django_db


def fresh(page_pk) -> IssuePage:
    return IssuePage.objects.get(pk=page_pk)


def uncached(page_pk):
    with issue_cache.bypassed():
        return fresh(page_pk).as_issue()


def cached(page_pk):
    """The Issue once it is cached; asserts that the second read was served by the
    cache: one query, the generation."""
    fresh(page_pk).as_issue()
    page = fresh(page_pk)
    with CaptureQueriesContext(connection) as captured:
        issue = page.as_issue()
    assert len(captured) == 1 and "cms_contentgeneration" in captured[0]["sql"], \
        [query["sql"][:100] for query in captured]
    return issue


def as_committed() -> None:
    """The test transaction's content writes so far, as if committed (the test's
    transaction never is): their generation bumps run and no longer wait."""
    bumps = [entry for entry in connection.run_on_commit if isinstance(entry[1], _Bump)]
    connection.run_on_commit = [entry for entry in connection.run_on_commit
                                if entry not in bumps]
    for _sids, bump, _robust in bumps:
        bump()


@pytest.fixture
def other_process(monkeypatch):
    """Writes made as another process makes them: they leave this process's cache as it
    is, and their commit bumps the content generation."""
    monkeypatch.setattr(issue_cache, "clear", lambda: None)

    @contextmanager
    def write():
        yield
        as_committed()

    return write


def chosen_article(issue):
    item = next(item for item in issue.items if item.kind in Kind.ARTICLES)
    return Page.objects.get(pk=item.id.rsplit(":", 1)[1]).specific


def chosen_sme_tool(issue):
    item = next(item for item in issue.items if item.kind == Kind.SME_TOOL)
    return SmeTool.objects.get(pk=item.id.rsplit(":", 1)[1])


def publish_article(issue):
    page = chosen_article(issue)
    page.title = "A corrected title"
    page.save_revision().publish()
    return lambda new: "A corrected title" in [item.title for item in new.items]


def edit_sme_tool(issue):
    tool = chosen_sme_tool(issue)
    tool.name = "A renamed tool"
    tool.save()
    return lambda new: "A renamed tool" in [item.title for item in new.items]


def edit_member_cluster(issue):
    member = MemberCluster.objects.get(name="BioM")
    member.name = "BioM renamed"
    member.save()
    return lambda new: "BioM renamed" in [item.title for item in new.partnership.members]


def edit_partnership_settings(issue):
    settings = PartnershipSettings.objects.get(locale__language_code="en")
    settings.tagline = "A new tagline"
    settings.save()
    return lambda new: new.partnership.tagline == "A new tagline"


def _imaged_item(issue):
    return next(item for item in issue.items if item.image is not None)


def _image_of(issue):
    item = _imaged_item(issue)
    return PartnershipImage.objects.get(
        renditions__file=item.image.renditions["card"].path), item.id


def edit_image_alt_text(issue):
    image, _item_id = _image_of(issue)
    image.description = "A new alt text"
    image.save()
    return lambda new: "A new alt text" in [item.image.alt for item in new.items if item.image]


def move_image_focal_point(issue):
    image, item_id = _image_of(issue)
    old_card = _imaged_item(issue).image.renditions["card"].url
    image.focal_point_x, image.focal_point_y = 1, 1
    image.focal_point_width = image.focal_point_height = 2
    image.save()
    return lambda new: next(item for item in new.items if item.id == item_id
                            ).image.renditions["card"].url != old_card


def unpublish_article(issue):
    page = chosen_article(issue)
    page.unpublish()
    return lambda new: page.title not in [item.title for item in new.items]


def rename_article_slug(issue):
    page = chosen_article(issue)
    page.slug = "a-new-slug"
    page.save_revision().publish()
    return lambda new: any(item.url.endswith("/a-new-slug/") for item in new.items)


def rename_parent_slug(issue):
    parent = chosen_article(issue).get_parent().specific
    parent.slug = "a-renamed-section"
    parent.save_revision().publish()
    return lambda new: any("/a-renamed-section/" in item.url for item in new.items)


def move_article(issue):
    page = chosen_article(issue)
    parent = page.get_parent()
    new_parent = parent.copy(update_attrs={"slug": "a-moved-section", "title": "Moved"},
                             recursive=False)
    page.move(new_parent, pos="last-child")
    return lambda new: any("/a-moved-section/" in item.url for item in new.items)


WRITES = [publish_article, edit_sme_tool, edit_member_cluster, edit_partnership_settings,
          edit_image_alt_text, move_image_focal_point, unpublish_article,
          rename_article_slug, rename_parent_slug, move_article]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
def test_a_write_in_another_process_is_seen_at_the_next_read(demo_issue, other_process,
                                                             write):
    before = cached(demo_issue.pk)
    generation = ContentGeneration.current()
    with other_process():
        shows_it = write(before)
    assert ContentGeneration.current() > generation
    after = fresh(demo_issue.pk).as_issue()
    assert shows_it(after) and not shows_it(before)
    assert after == uncached(demo_issue.pk) == cached(demo_issue.pk)


@pytest.mark.parametrize("write", [publish_article, edit_sme_tool, edit_partnership_settings],
                         ids=["publish_article", "edit_sme_tool", "edit_partnership_settings"])
def test_a_write_in_this_process_is_seen_before_its_commit(demo_issue, write):
    """Inside the writing transaction (its bump waits for the commit) the cache is
    emptied at once, and what is loaded is not kept: it is not committed yet."""
    before = cached(demo_issue.pk)
    shows_it = write(before)
    assert shows_it(fresh(demo_issue.pk).as_issue())
    page = fresh(demo_issue.pk)
    with CaptureQueriesContext(connection) as captured:
        page.as_issue()
    assert len(captured) > 1  # loaded again: an uncommitted Issue is never stored


def test_the_cache_gives_the_same_issue_as_a_fresh_load(demo_issue):
    assert cached(demo_issue.pk) == uncached(demo_issue.pk)


def test_entries_expire_after_the_max_age(demo_issue, settings, monkeypatch):
    """A write that sends no signal (QuerySet.update, another program) is seen once
    ISSUE_CACHE_SECONDS has passed."""
    settings.ISSUE_CACHE_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(issue_cache, "clock", lambda: now[0])
    before = cached(demo_issue.pk)
    tool = chosen_sme_tool(before)
    SmeTool.objects.filter(pk=tool.pk).update(name="Renamed without a signal")
    now[0] += 59
    assert "Renamed without a signal" not in [item.title for item in
                                              fresh(demo_issue.pk).as_issue().items]
    now[0] += 2
    assert "Renamed without a signal" in [item.title for item in
                                          fresh(demo_issue.pk).as_issue().items]


def test_zero_seconds_turns_the_cache_off(demo_issue, settings):
    settings.ISSUE_CACHE_SECONDS = 0
    fresh(demo_issue.pk).as_issue()
    page = fresh(demo_issue.pk)
    with CaptureQueriesContext(connection) as captured:
        page.as_issue()
    assert len(captured) > 1
    assert not any("cms_contentgeneration" in query["sql"] for query in captured)


def test_drafts_and_revisions_are_never_cached(demo_issue):
    cached(demo_issue.pk)
    page = fresh(demo_issue.pk)
    with CaptureQueriesContext(connection) as captured:
        page.as_issue(include_drafts=True)
    assert not any("cms_contentgeneration" in query["sql"] for query in captured)
    page = fresh(demo_issue.pk)
    page.title = "A draft title"
    revision = page.save_revision()
    assert fresh(demo_issue.pk).as_issue().title != "A draft title"
    assert revision.as_object().as_issue().title == "A draft title"


def test_each_language_has_its_entry(demo_issue):
    english = cached(demo_issue.pk)
    with translation.override("fr"):
        assert fresh(demo_issue.pk).as_issue() == uncached(demo_issue.pk)
    assert cached(demo_issue.pk) == english


@pytest.mark.django_db(transaction=True)
def test_a_commit_in_another_thread_is_seen(demo_issue, monkeypatch):
    """Another connection (another thread, as another process would) commits a write:
    its bump reaches this connection's next read."""
    monkeypatch.setattr(issue_cache, "clear", lambda: None)
    before = cached(demo_issue.pk)
    tool_pk = chosen_sme_tool(before).pk

    def other_process():
        try:
            tool = SmeTool.objects.get(pk=tool_pk)
            tool.name = "Renamed elsewhere"
            tool.save()
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_process)
    thread.start()
    thread.join()
    assert "Renamed elsewhere" in [item.title for item in fresh(demo_issue.pk).as_issue().items]
