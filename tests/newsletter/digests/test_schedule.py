"""The schedule through the campaigns' tick: once per occurrence, both modes end to end
with the outbox, editors told by Wagtail notification email and on the dashboard."""

import email
from datetime import timedelta
from email import policy

import pytest
from django.core import mail
from django.urls import reverse

from cms.models import IssuePage
from newsletter.campaigns.models import Campaign, CampaignState
from newsletter.campaigns.tasks import run_tick
from newsletter.digests import runner
from newsletter.digests.models import Digest, DigestStatus, DigestTrigger

from .conftest import OCCURRENCE

pytestmark = pytest.mark.django_db

TICK = OCCURRENCE + timedelta(seconds=40)


def tick(capture, now=TICK):
    with capture(execute=True):
        run_tick(now)


def messages_in(outbox):
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(outbox.glob("*.eml"))]


def test_review_mode_makes_one_draft_and_tells_editors(
        schedule, articles, editor, quiet_editor, django_capture_on_commit_callbacks):
    tick(django_capture_on_commit_callbacks, OCCURRENCE - timedelta(seconds=1))
    assert not Digest.objects.exists()  # not due yet
    tick(django_capture_on_commit_callbacks)
    digest = Digest.objects.get()
    assert (digest.status, digest.trigger, digest.occurrence) == (
        DigestStatus.REVIEW, DigestTrigger.SCHEDULE, OCCURRENCE)
    issue = digest.issue.specific
    assert not issue.live and issue.has_unpublished_changes
    assert issue.title == "Newsletter February 2027" and issue.slug == "newsletter-february-2027"
    assert issue.get_parent().specific_class.__name__ == "IssueIndexPage"
    assert [b.block_type for b in issue.sections] == ["interview", "success_stories",
                                                      "gateways", "upcoming", "about"]
    assert [p.pk for p in issue.sections[1].value["items"]] == [
        articles["story_newer"].pk, articles["story_new"].pk]
    assert issue.sections[4].value["title"] == "About bioXclusters plus"
    assert digest.article_count == 4 and digest.made_from["since_source"] == "previous issue"
    # Wagtail's notification email, to editors who want "submitted" notifications only.
    recipients = {address for message in mail.outbox for address in message.to}
    assert editor.email in recipients and quiet_editor.email not in recipients
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert message.subject == "Newsletter digest ready for review: Newsletter February 2027"
    assert f"/admin/pages/{issue.pk}/edit/" in message.body and "4 new articles" in message.body
    # The audit log says where the page came from.
    assert issue.get_latest_revision() is not None
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=issue, action="clusterpost.digest.compose").exists()


def test_a_second_tick_and_a_second_composer_make_nothing_more(
        schedule, articles, django_capture_on_commit_callbacks):
    tick(django_capture_on_commit_callbacks)
    tick(django_capture_on_commit_callbacks, TICK + timedelta(minutes=1))
    assert Digest.objects.count() == 1
    # Past the early-exit check, the database constraint itself refuses a second one.
    again = runner.compose(schedule, runner.plan_for(schedule, until=OCCURRENCE),
                           occurrence=OCCURRENCE, trigger=DigestTrigger.SCHEDULE, mode="review")
    assert again is None
    assert Digest.objects.count() == 1
    assert IssuePage.objects.filter(title="Newsletter February 2027").count() == 1


def test_a_worker_killed_while_composing_leaves_nothing_and_the_next_tick_composes(
        schedule, articles, monkeypatch, django_capture_on_commit_callbacks):
    real = runner.create_draft

    def dies_after_creating_the_page(*args, **kwargs):
        real(*args, **kwargs)
        raise SystemExit("worker killed")

    monkeypatch.setattr(runner, "create_draft", dies_after_creating_the_page)
    with pytest.raises(SystemExit):
        runner.run_schedules(TICK)
    assert not Digest.objects.exists()
    assert not IssuePage.objects.filter(title="Newsletter February 2027").exists()
    monkeypatch.setattr(runner, "create_draft", real)
    tick(django_capture_on_commit_callbacks, TICK + timedelta(minutes=1))
    assert Digest.objects.get().issue.title == "Newsletter February 2027"


def test_below_the_minimum_no_issue_is_made_and_editors_are_told(
        schedule, articles, editor, django_capture_on_commit_callbacks):
    schedule.min_articles = 5
    schedule.save()
    pages_before = IssuePage.objects.count()
    tick(django_capture_on_commit_callbacks)
    digest = Digest.objects.get()
    assert digest.status == DigestStatus.SKIPPED and digest.issue is None
    assert digest.message == ("only 4 new articles since the previous issue; the minimum "
                              "is 5.")
    assert IssuePage.objects.count() == pages_before
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert "too few new articles" in message.subject and "the minimum is 5" in message.body
    tick(django_capture_on_commit_callbacks, TICK + timedelta(minutes=1))
    assert Digest.objects.count() == 1 and len(mail.outbox) == 1  # told once


def test_review_mode_end_to_end_sent_from_its_page_like_any_issue(
        schedule, articles, subscribers, outbox, admin_client,
        django_capture_on_commit_callbacks):
    tick(django_capture_on_commit_callbacks)
    issue = Digest.objects.get().issue.specific
    assert not list(outbox.glob("*.eml"))  # nothing goes out before an editor acts
    issue.get_latest_revision().publish()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    assert reverse("campaigns_admin:issue", args=[issue.pk]).encode() in response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("campaigns_admin:issue", args=[issue.pk]),
                                     {"when": "now", "confirm": "1"})
    assert response.status_code == 302
    sent = messages_in(outbox)
    assert sorted(m["To"].addresses[0].addr_spec for m in sent) == [
        s.email for s in subscribers]
    assert {m["Subject"] for m in sent} == {issue.subject}


def test_send_mode_end_to_end_publishes_and_sends_when_the_checks_pass(
        schedule, articles, subscribers, outbox, editor, django_capture_on_commit_callbacks):
    schedule.mode = "send"
    schedule.save()
    tick(django_capture_on_commit_callbacks)
    digest = Digest.objects.get()
    assert digest.status == DigestStatus.SENT
    issue = digest.issue.specific
    assert issue.live
    campaign = Campaign.objects.get(issue=issue)
    assert digest.campaign == campaign and campaign.state == CampaignState.FINISHED
    sent = messages_in(outbox)
    assert len(sent) == len(subscribers)
    assert sent[0]["Subject"] == "bioXclusters plus newsletter, February 2027: Interview with Ana"
    html = sent[0].get_body(("html",)).get_content()
    assert "A newer story" in html and "Matchmaking in March" in html
    assert "Draft activity news" not in html
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert message.subject == "Newsletter digest sent: Newsletter February 2027"
    tick(django_capture_on_commit_callbacks, TICK + timedelta(minutes=1))
    assert len(messages_in(outbox)) == len(subscribers)  # never twice


def test_send_mode_keeps_a_draft_and_says_why_when_a_check_fails(
        schedule, articles, outbox, editor, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    schedule.mode = "send"
    schedule.save()  # …and nobody is subscribed
    tick(django_capture_on_commit_callbacks)
    digest = Digest.objects.get()
    assert digest.status == DigestStatus.HELD and "Nobody to send to" in digest.message
    assert not digest.issue.live and digest.campaign is None
    assert not Campaign.objects.filter(issue=digest.issue).exists()
    assert not list(outbox.glob("*.eml"))
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert "kept as a draft" in message.subject and "Nobody to send to" in message.body
    html, _mime = message.alternatives[0]
    assert "Nobody to send to" in html and f"/admin/pages/{digest.issue_id}/edit/" in html


def test_send_mode_topics_reach_only_their_subscribers(
        schedule, articles, subscribers, outbox, django_capture_on_commit_callbacks):
    subscribers[0].topics = ["event"]
    subscribers[0].save()
    schedule.mode, schedule.topics = "send", ["interview"]
    schedule.save()
    tick(django_capture_on_commit_callbacks)
    assert Digest.objects.get().campaign.topics == ["interview"]
    assert sorted(m["To"].addresses[0].addr_spec for m in messages_in(outbox)) == [
        s.email for s in subscribers[1:]]


def test_a_campaign_start_interrupted_by_a_dead_worker_is_finished_by_the_next_tick(
        schedule, articles, subscribers, outbox, monkeypatch,
        django_capture_on_commit_callbacks):
    schedule.mode = "send"
    schedule.save()
    # The worker dies after publishing, before the campaign starts.
    monkeypatch.setattr(runner, "start_campaign", lambda digest: None)
    tick(django_capture_on_commit_callbacks)
    digest = Digest.objects.get()
    assert digest.status == DigestStatus.STARTING and digest.campaign.state == "draft"
    assert digest.issue.live and not list(outbox.glob("*.eml"))
    monkeypatch.undo()
    tick(django_capture_on_commit_callbacks, TICK + timedelta(minutes=1))
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert len(messages_in(outbox)) == len(subscribers)
