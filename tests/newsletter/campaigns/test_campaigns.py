"""Campaign states, schedules, the tick and the commands."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter.campaigns import actions, ledger
from newsletter.campaigns.models import Campaign, InvalidTransition
from newsletter.campaigns.scheduling import ScheduleError, parse_at, resolve
from newsletter.campaigns.tasks import run_tick


def test_schedule_time_is_read_in_its_time_zone():
    now = timezone.now().replace(year=2026, month=11, day=1)
    when, zone = parse_at("2027-01-20 09:00 Europe/Brussels", now=now)
    assert zone == "Europe/Brussels"
    assert (when.year, when.month, when.day, when.hour, when.minute) == (2027, 1, 20, 8, 0)
    summer = resolve("2027-07-01 09:00", "America/New_York", now=now)
    assert summer.hour == 13


@pytest.mark.parametrize("value, message", [
    ("2020-01-01 10:00 Europe/Brussels", "in the past"),
    ("2027-03-28 02:30 Europe/Brussels", "does not exist"),
    ("2027-01-01 10:00 Mars/Olympus", "Unknown time zone"),
    ("tomorrow", "expected"),
    ("2027-13-45 10:00 Europe/Brussels", "Not a date"),
])
def test_bad_schedules_are_refused_with_a_clear_message(value, message):
    now = timezone.now().replace(year=2026, month=11, day=1)
    with pytest.raises(ScheduleError, match=message):
        parse_at(value, now=now)


@pytest.mark.django_db
def test_state_machine_refuses_impossible_moves(demo_issue, ses_settings):
    campaign = actions.create(demo_issue)
    with pytest.raises(InvalidTransition):
        actions.pause(campaign)
    actions.cancel(campaign)
    with pytest.raises(InvalidTransition):
        actions.send_now(campaign)
    with pytest.raises(InvalidTransition):
        actions.resume(campaign)
    # A stale copy cannot overwrite a newer state.
    other = actions.create(demo_issue)
    stale = Campaign.objects.get(pk=other.pk)
    actions.cancel(other)
    with pytest.raises(InvalidTransition, match="changed meanwhile"):
        stale.move_to("scheduled")


@pytest.mark.django_db
def test_every_action_is_in_the_audit_log(demo_issue, ses_settings, make_subscribers,
                                          django_capture_on_commit_callbacks):
    from wagtail.models import PageLogEntry

    make_subscribers(3)
    campaign = actions.create(demo_issue)
    actions.schedule(campaign, timezone.now() + timedelta(days=1), "Europe/Brussels")
    actions.cancel(campaign)
    actions_logged = list(PageLogEntry.objects.filter(page=demo_issue)
                          .filter(action__startswith="clusterpost.campaign.")
                          .order_by("pk").values_list("action", flat=True))
    assert actions_logged == ["clusterpost.campaign.create", "clusterpost.campaign.schedule",
                              "clusterpost.campaign.cancel"]
    entry = PageLogEntry.objects.filter(action="clusterpost.campaign.schedule").last()
    assert entry.data["campaign"] == campaign.pk and entry.data["timezone"] == "Europe/Brussels"


@pytest.mark.django_db
def test_tick_starts_a_due_campaign_and_delivers_it(demo_issue, ses_settings, fake_ses,
                                                    make_subscribers,
                                                    django_capture_on_commit_callbacks):
    people = make_subscribers(5)
    campaign = actions.create(demo_issue)
    actions.schedule(campaign, timezone.now() + timedelta(hours=1), "Europe/Brussels")
    assert run_tick()["started"] == 0  # not due yet
    Campaign.objects.filter(pk=campaign.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        summary = run_tick()
    assert summary["started"] == 1
    campaign.refresh_from_db()
    assert campaign.state == "finished"  # the immediate task backend delivered it inline
    assert fake_ses.counts() == {p.email: 1 for p in people}
    again = run_tick()  # idempotent
    assert again["started"] == 0 and again["finished"] == 0


@pytest.mark.django_db
def test_send_issue_command_starts_or_schedules_and_campaign_status_reports(
        demo_issue, ses_settings, fake_ses, make_subscribers, django_capture_on_commit_callbacks):
    make_subscribers(4, prefix="ev", topics=["event"])
    make_subscribers(2, prefix="int", topics=["interview"])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_issue", str(demo_issue.pk), "--topic", "event", stdout=out,
                     stderr=StringIO())
    campaign = Campaign.objects.get(pk=int(out.getvalue()))
    assert campaign.state == "finished" and campaign.topics == ["event"]
    assert sum(fake_ses.counts().values()) == 4
    status = StringIO()
    call_command("campaign_status", str(campaign.pk), stdout=status)
    assert f"campaign {campaign.pk} [finished]" in status.getvalue()
    assert "sent=4" in status.getvalue() and "failed=0" in status.getvalue()

    out = StringIO()
    call_command("send_issue", demo_issue.slug, "--at", "2099-01-20 09:00 Europe/Brussels",
                 stdout=out, stderr=StringIO())
    scheduled = Campaign.objects.get(pk=int(out.getvalue()))
    assert scheduled.state == "scheduled" and scheduled.schedule_timezone == "Europe/Brussels"
    assert actions.audience_size(scheduled) == 2  # the event readers were already reached
    with pytest.raises(CommandError, match="in the past"):
        call_command("send_issue", demo_issue.slug, "--at", "2001-01-01 09:00 Europe/Brussels")
    with pytest.raises(CommandError, match="No issue"):
        call_command("send_issue", "no-such-issue")
    listing = StringIO()
    call_command("campaign_status", stdout=listing)
    assert f"campaign {scheduled.pk} [scheduled]" in listing.getvalue()


@pytest.mark.django_db
def test_rows_of_a_dead_worker_become_unknown_and_are_listed(demo_issue, ses_settings,
                                                             make_subscribers, settings):
    from newsletter.campaigns.models import Delivery, DeliveryWorker

    make_subscribers(3)
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    worker = DeliveryWorker.objects.create(campaign=campaign)
    claimed = ledger.claim(campaign.pk, worker.pk, 2)
    assert len(claimed) == 2
    assert ledger.recover_stale(campaign.pk).rows == 0  # the worker is alive
    DeliveryWorker.objects.filter(pk=worker.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert ledger.recover_stale(campaign.pk).rows == 2
    assert ledger.counts(campaign.pk)["unknown"] == 2
    out = StringIO()
    call_command("campaign_status", str(campaign.pk), stdout=out)
    for row in Delivery.objects.filter(status="unknown"):
        assert row.subscriber.email in out.getvalue()
    # Not resent before the grace period, resent after it.
    assert ledger.release_unknown(campaign.pk) == 0
    assert ledger.release_unknown(campaign.pk, older_than=timedelta(0)) == 2
