"""python manage.py eccp_export ISSUE_OR_PAGE --out DIR"""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from cms.models import EventPage
from feeds.eccp.audit import EXPORT_ACTION
from feeds.eccp.pack import article_items

from .zips import assert_zip_matches_index

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("eccp_export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def demo_event(demo_issue):
    ids = [int(i.id.rsplit(":", 1)[-1]) for i in article_items(demo_issue.as_issue())]
    return EventPage.objects.filter(pk__in=ids).order_by("pk").first()


def test_issue_by_slug(demo_issue, tmp_path):
    out, _ = run(demo_issue.slug, "--out", str(tmp_path / "packs"))
    path = tmp_path / "packs" / f"eccp-{demo_issue.slug}.zip"
    assert f"Wrote {path}" in out
    archive, index = assert_zip_matches_index(path.read_bytes())
    assert len(index["items"]) == len(article_items(demo_issue.as_issue()))
    assert list(tmp_path.joinpath("packs").iterdir()) == [path]  # no .part left behind
    entry = PageLogEntry.objects.get(page=demo_issue, action=EXPORT_ACTION)
    assert entry.user is None and entry.data["via"] == "command"


def test_page_by_id(demo_issue, tmp_path):
    event = demo_event(demo_issue)
    out, err = run(str(event.pk), "--out", str(tmp_path))
    archive, index = assert_zip_matches_index((tmp_path / f"eccp-{event.slug}.zip").read_bytes())
    assert index["kind"] == "page" and "event.ics" in archive.namelist()
    assert "No venue" in err  # warnings are shown, they do not block


def test_not_found_and_not_exportable(demo_issue, home, tmp_path):
    with pytest.raises(CommandError, match="No page with slug 'no-such-thing'"):
        run("no-such-thing", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="No page with id 999999"):
        run("999999", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="only issues and articles have ECCP packs"):
        run(str(home.pk), "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_validation_errors_block_unless_forced(demo_issue, tmp_path):
    event = demo_event(demo_issue)
    event.registration_url = ""
    event.save_revision().publish()
    with pytest.raises(CommandError) as refused:
        run(str(event.pk), "--out", str(tmp_path))
    message = str(refused.value)
    assert "Registration URL: The event has no registration link" in message
    assert "--force" in message
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(CommandError, match="no registration link"):
        run(demo_issue.slug, "--out", str(tmp_path))  # the issue holds that event

    out, err = run(str(event.pk), "--out", str(tmp_path), "--force")
    assert "Wrote" in out and "no registration link" in err
    assert_zip_matches_index((tmp_path / f"eccp-{event.slug}.zip").read_bytes())
    assert PageLogEntry.objects.get(page=event, action=EXPORT_ACTION).data["forced"] is True


def test_a_slug_shared_by_two_pages_asks_for_the_id(demo_issue, tree, tmp_path):
    first = tree.activity(title="Same title", slug="same-slug")
    second = tree.story(title="Same title", slug="same-slug")
    with pytest.raises(CommandError) as refused:
        run("same-slug", "--out", str(tmp_path))
    assert "give the id instead" in str(refused.value)
    assert f"id {first.pk}" in str(refused.value) and f"id {second.pk}" in str(refused.value)
