"""A campaign is a snapshot: taken at start, sent unchanged whatever is published later,
shown on the campaign page; campaigns started without one get one on their next run."""

import logging
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cms.items import Kind
from cms.models import IssuePage, SmeTool
from newsletter.campaigns import actions, ledger, snapshots
from newsletter.campaigns.engine import run_campaign
from newsletter.campaigns.messages import SnapshotMessageBuilder
from newsletter.campaigns.models import Campaign, CampaignSnapshot, Delivery
from newsletter.transports.outbox import OutboxTransport
from tests.support.mail import impersonal, subscriber_recipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_TRANSPORT = "outbox"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return Path(settings.OUTBOX_DIR)


@pytest.fixture
def sender(django_user_model):
    user = django_user_model.objects.create_user("sender", "sender@example.org", "pw")
    user.groups.add(Group.objects.get(name="Newsletter senders"))
    return user


def publish_correction(issue, subject="Corrected: a new subject"):
    """What an editor does mid-send: edit the issue and publish a new revision."""
    page = issue.specific
    page.subject = subject
    revision = page.save_revision()
    revision.publish()
    return revision


def sent_messages(outbox: Path) -> list[bytes]:
    return [path.read_bytes() for path in sorted(outbox.glob("*.eml"))]


def test_start_freezes_the_live_revision_and_every_run_sends_it(outbox, demo_issue,
                                                                make_subscribers):
    people = make_subscribers(6)
    live_revision = demo_issue.live_revision_id
    original_subject = demo_issue.subject
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    snapshot = CampaignSnapshot.objects.get(campaign=campaign)
    assert snapshot.revision_id == live_revision and snapshot.language == "en"
    assert snapshot.subject == original_subject and not snapshot.taken_late
    assert "%%CP-UNSUBSCRIBE-URL%%" in snapshot.html  # personalised per recipient later
    stored_html = snapshot.html

    # Two time slices around a correction: the first sends half the rows (the others
    # wait for a later time), then the editor publishes, then a fresh run (a restart,
    # another worker) sends the rest.
    transport = OutboxTransport(outbox)
    later = Delivery.objects.filter(campaign=campaign).order_by("pk")[3:]
    Delivery.objects.filter(pk__in=[row.pk for row in later]).update(
        next_attempt_at=timezone.now() + timezone.timedelta(hours=1))
    first = run_campaign(campaign.pk, transport=transport, concurrency=1, max_seconds=0.5)
    assert first.sent == 3 and first.stopped_because == "time slice over"
    publish_correction(demo_issue)
    assert type(demo_issue).objects.get(pk=demo_issue.pk).subject != original_subject
    Delivery.objects.filter(campaign=campaign).update(next_attempt_at=None)
    second = run_campaign(campaign.pk, transport=transport, concurrency=2)
    assert second.sent == 3
    snapshot.refresh_from_db()
    assert snapshot.html == stored_html  # stored once, never re-rendered
    assert CampaignSnapshot.objects.filter(campaign=campaign).count() == 1

    rows = {row.message_id: row for row in Delivery.objects.filter(campaign=campaign)
            .select_related("subscriber")}
    assert len(rows) == len(people)
    versions = set()
    for path in outbox.glob("*.eml"):  # the outbox names each file by its message id
        message = impersonal(path.read_bytes(), subscriber_recipient(rows[path.stem].subscriber))
        assert message.headers["Subject"] == original_subject
        versions.add((tuple(sorted(message.headers.items())), message.html, message.text))
    assert len(rows) == 6 and len(versions) == 1


def test_builders_of_one_campaign_send_the_same_bytes(outbox, demo_issue, make_subscribers):
    [person] = make_subscribers(1)
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    row = Delivery.objects.select_related("subscriber").get(campaign=campaign)
    one = SnapshotMessageBuilder(campaign)
    publish_correction(demo_issue)
    two = SnapshotMessageBuilder(Campaign.objects.get(pk=campaign.pk))
    first = impersonal(one.build(row, "1@x"), subscriber_recipient(person))
    second = impersonal(two.build(row, "1@x"), subscriber_recipient(person))
    assert first == second


def test_an_issue_that_cannot_render_does_not_start(outbox, demo_issue, make_subscribers,
                                                     monkeypatch):
    from newsletter.rendering import IssueTooLargeError

    def too_large(issue):
        raise IssueTooLargeError("The issue is too large for one email.")

    make_subscribers(2)
    monkeypatch.setattr(snapshots, "render_issue", too_large)
    campaign = actions.create(demo_issue)
    with pytest.raises(IssueTooLargeError, match="too large"):
        actions.start(campaign)
    campaign.refresh_from_db()
    assert campaign.state == "draft"  # the whole start was rolled back
    assert not CampaignSnapshot.objects.exists() and not Delivery.objects.exists()


def test_a_campaign_started_without_a_snapshot_gets_one_on_its_next_run(
        outbox, demo_issue, make_subscribers, caplog):
    """Campaigns that were sending before the upgrade: frozen at their next run, logged."""
    make_subscribers(3)
    campaign = Campaign.objects.create(issue=demo_issue, state="sending",
                                       started_at=timezone.now())
    ledger.build_audience(campaign)
    assert not CampaignSnapshot.objects.exists()
    with caplog.at_level(logging.WARNING, logger="newsletter.campaigns.snapshots"):
        report = run_campaign(campaign.pk, transport=OutboxTransport(outbox), concurrency=1,
                              max_seconds=0)
    assert report.sent == 0
    [snapshot] = CampaignSnapshot.objects.filter(campaign=campaign)
    assert snapshot.taken_late and snapshot.revision_id == demo_issue.live_revision_id
    assert f"Campaign {campaign.pk} started before campaigns kept a snapshot" in caplog.text
    caplog.clear()
    publish_correction(demo_issue)
    report = run_campaign(campaign.pk, transport=OutboxTransport(outbox), concurrency=1)
    assert report.sent == 3
    assert "snapshot" not in caplog.text  # taken once
    assert CampaignSnapshot.objects.filter(campaign=campaign).count() == 1
    for raw in sent_messages(outbox):
        assert f"Subject: {demo_issue.subject}".encode() in raw or b"Subject: =?utf-8" in raw
        assert b"Corrected" not in raw
    assert snapshots.find(campaign) == snapshot


def test_campaign_page_shows_the_sent_revision_and_warns_after_a_new_publication(
        client, sender, outbox, demo_issue, make_subscribers, admin_user):
    make_subscribers(2)
    campaign = actions.create(demo_issue)
    detail_url = reverse("campaigns_admin:detail", args=[campaign.pk])
    client.force_login(sender)
    draft = client.get(detail_url).content.decode()
    assert "frozen when the campaign starts" in draft

    actions.start(campaign)  # on_commit not run: nothing is sent in this test
    revision = demo_issue.live_revision
    revision_url = reverse("wagtailadmin_pages:revisions_view", args=[demo_issue.pk, revision.pk])
    page = client.get(detail_url).content.decode()
    assert f"revision {revision.pk} (" in page and f'href="{revision_url}"' in page
    assert "data-published-since" not in page

    correction = publish_correction(demo_issue)
    page = client.get(detail_url).content.decode()
    assert "data-published-since" in page
    assert "keeps the version it started with" in page
    compare_url = reverse("wagtailadmin_pages:revisions_compare",
                          args=[demo_issue.pk, revision.pk, "live"])
    assert f'href="{compare_url}"' in page
    assert correction.pk != revision.pk

    actions.pause(campaign)
    assert "keeps the version it started with" in client.get(detail_url).content.decode()
    actions.cancel(campaign)
    over = client.get(detail_url).content.decode()
    assert "data-published-since" not in over and f'href="{revision_url}"' in over

    # the links lead to Wagtail's own revision views
    client.force_login(admin_user)
    assert client.get(revision_url).status_code == 200
    assert client.get(compare_url).status_code == 200


def test_campaign_page_of_a_campaign_sent_before_snapshots(client, sender, demo_issue):
    campaign = Campaign.objects.create(issue=demo_issue, state="finished",
                                       started_at=timezone.now(), finished_at=timezone.now())
    client.force_login(sender)
    page = client.get(reverse("campaigns_admin:detail", args=[campaign.pk]))
    assert page.status_code == 200
    assert b"no record of the revision that went out" in page.content


def test_a_snapshot_is_rendered_afresh_never_from_the_issue_cache(demo_issue):
    """A write that reached this process late (here: one that sends no signal, as
    another program's would) is in the snapshot though the cached Issue is older."""
    issue = IssuePage.objects.get(pk=demo_issue.pk).as_issue()  # cached now
    tool = next(item for item in issue.items if item.kind == Kind.SME_TOOL)
    SmeTool.objects.filter(pk=tool.id.rsplit(":", 1)[1]).update(name="Renamed quietly")
    assert "Renamed quietly" not in [
        item.title for item in IssuePage.objects.get(pk=demo_issue.pk).as_issue().items]
    snapshot = snapshots.take(actions.create(demo_issue))
    assert "Renamed quietly" in snapshot.html and "Renamed quietly" in snapshot.text
