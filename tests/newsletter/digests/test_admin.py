"""Editors' side: the settings screen, the dashboard panel, previews of a composed
draft in every mode, and the compose_digest command."""

import html
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import IssuePage
from newsletter.campaigns.tasks import run_tick
from newsletter.digests.models import Digest, DigestSettings, DigestTrigger
from tests.support.issue_forms import issue_form_data

from .conftest import OCCURRENCE, published_at

pytestmark = pytest.mark.django_db


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["digests", "digestsettings", site.pk])


def settings_form(topics=(), **fields):
    data = {"enabled": "on", "recurrence": "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0",
            "timezone": "Europe/Brussels", "min_articles": "3", "upcoming_days": "90",
            "mode": "review",
            "layout": streamfield([("interview", {"title": "Interview"}),
                                   ("upcoming", {"title": "Upcoming activities"})])}
    data.update(fields)
    form = nested_form_data(data)
    form["topics"] = list(topics)
    return form


@pytest.fixture
def composed(schedule, articles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_tick(OCCURRENCE + timedelta(seconds=30))
    return Digest.objects.get()


def test_settings_screen_shows_the_schedule_in_words(admin_client, schedule):
    response = admin_client.get(settings_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Monthly on the second Tuesday at 10:00 Europe/Brussels" in html
    # The next dates, in the schedule's zone, whatever the admin's own.
    assert len(re.findall(r"Tuesday, \d{1,2} \w+ \d{4}, 10:00 CES?T", html)) == 3
    for title in ("Interview", "SME tools", "News about our activities", "SME success stories",
                  "Gateway news", "Upcoming activities"):
        assert title in html


def test_saving_the_settings_stores_the_canonical_rule_and_restarts_the_count(admin_client,
                                                                              schedule):
    before = schedule.active_since
    response = admin_client.post(settings_url(), settings_form(
        recurrence="freq=weekly;byday=mo;byhour=9;byminute=0", topics=["interview"]))
    assert response.status_code == 302
    row = DigestSettings.objects.get(pk=schedule.pk)
    assert row.recurrence == "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
    assert [b.block_type for b in row.layout] == ["interview", "upcoming"]
    assert row.topics == ["interview"] and row.active_since > before


def test_a_bad_rule_is_refused_on_its_field_and_nothing_changes(admin_client, schedule):
    response = admin_client.post(settings_url(), settings_form(recurrence="FREQ=MONTHLY"))
    assert response.status_code == 200
    assert "BYHOUR and BYMINUTE" in response.content.decode()
    assert DigestSettings.objects.get(pk=schedule.pk).recurrence == schedule.recurrence


def test_only_senders_may_choose_to_send_automatically(client, schedule, editor):
    editor.user_permissions.add(Permission.objects.get(codename="change_digestsettings"))
    client.force_login(editor)
    response = client.post(settings_url(), settings_form(mode="send"))
    assert response.status_code == 200
    assert "Only newsletter senders" in response.content.decode()
    assert DigestSettings.objects.get(pk=schedule.pk).mode == "review"
    editor.user_permissions.add(Permission.objects.get(codename="send_campaign"))
    response = client.post(settings_url(), settings_form(mode="send"))
    assert response.status_code == 302
    assert DigestSettings.objects.get(pk=schedule.pk).mode == "send"


def test_dashboard_panel_lists_the_digests_and_the_next_run(admin_client, composed):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'id="newsletter-digest-section"' in html
    assert "Newsletter February 2027" in html and "Draft ready for review" in html
    assert reverse("wagtailadmin_pages:edit", args=[composed.issue_id]) in html
    assert "Monthly on the second Tuesday at 10:00 Europe/Brussels" in html


def test_dashboard_panel_is_for_editors_only(client, composed, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "n@example.org", "pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert 'id="newsletter-digest-section"' not in client.get(
        reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("mode, expected", [
    ("", "A newer story"), ("email", "A newer story"), ("text", "A newer story"),
    ("eccp", "A newer story")])
def test_a_composed_draft_previews_in_every_mode(composed, admin_user, mode, expected):
    page = composed.issue.specific.get_latest_revision_as_object()
    assert mode in [name for name, _label in page.preview_modes]
    request = RequestFactory().get("/")
    request.user = admin_user
    response = page.make_preview_request(request, mode)
    assert response.status_code == 200
    body = response.content.decode() if not hasattr(response, "render") else \
        response.render().content.decode()
    assert expected in body and "Interview with Ana" in body


COMPOSED_POSTS = ["Interview with Ana", "A newer story", "Story just after the previous issue",
                  "MoU with Osaka", "Matchmaking in March"]


@pytest.mark.parametrize("mode", ["", "email", "text", "eccp"])
def test_a_composed_draft_previews_through_wagtails_preview_view(admin_client, composed, mode):
    """What the editor's preview panel does: post the edit form, then open the mode. The
    preview shows the form's unsaved state: here a changed title."""
    page = composed.issue.specific.get_latest_revision_as_object()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = admin_client.post(url, issue_form_data(page, title="Edited digest title"))
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    response = admin_client.get(url, {"mode": mode})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "EDITED DIGEST TITLE" in body.upper()
    for title in COMPOSED_POSTS:
        assert title.upper() in body.upper(), title
    assert "Summer fair" not in body and "Draft activity news" not in body
    if mode == "eccp":
        assert body.count('class="eccp-issue-post"') == len(COMPOSED_POSTS)
        assert re.findall(r"<h2>\d+\. (.*?) <span", body) == COMPOSED_POSTS
        assert body.count("data-eccp-summary") == len(COMPOSED_POSTS)
    assert Digest.objects.get().issue.title == "Newsletter February 2027"  # nothing saved


def test_a_composed_draft_has_its_eccp_view(admin_client, composed):
    response = admin_client.get(reverse("eccp:issue", args=[composed.issue_id]))
    assert response.status_code == 200
    assert "A newer story" in response.content.decode()


def test_editors_change_the_draft_like_any_issue(admin_client, composed):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[composed.issue_id]))
    assert response.status_code == 200
    assert "Before you send" in response.content.decode()


def test_compose_digest_dry_run_prints_and_changes_nothing(schedule, tree, editor):
    for n in range(3):
        tree.story(f"Fresh story {n}")
    pages_before, out = IssuePage.objects.count(), StringIO()
    call_command("compose_digest", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Title:     Newsletter " in text and "Subject:   bioXclusters plus newsletter" in text
    assert "SME success stories (3)" in text and "  - Fresh story 2" in text
    assert "Dry run: nothing was changed." in text
    assert IssuePage.objects.count() == pages_before and not Digest.objects.exists()
    assert not mail.outbox


def test_compose_digest_makes_a_draft_now(schedule, tree, editor,
                                          django_capture_on_commit_callbacks):
    for n in range(3):
        tree.story(f"Fresh story {n}")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("compose_digest", stdout=out)
    digest = Digest.objects.get()
    assert digest.trigger == DigestTrigger.COMMAND and digest.occurrence is None
    assert not digest.issue.live and "created" in out.getvalue()
    assert any(editor.email in m.to for m in mail.outbox)


def test_compose_digest_since_and_its_errors(schedule, tree):
    story = published_at(tree.story("Old story"), timezone.now() - timedelta(days=400))
    out = StringIO()
    since = (timezone.now() - timedelta(days=401)).date().isoformat()
    call_command("compose_digest", "--dry-run", "--since", since, stdout=out)
    assert story.title in out.getvalue() and "(--since)" in out.getvalue()
    with pytest.raises(CommandError, match="use YYYY-MM-DD"):
        call_command("compose_digest", "--since", "last month")
    schedule.min_articles = 1000
    schedule.save()
    with pytest.raises(CommandError, match="the minimum is 1000"):
        call_command("compose_digest")
    assert not Digest.objects.exists()
