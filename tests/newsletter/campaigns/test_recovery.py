"""Telling dead delivery workers from live ones, and what recovery does with their rows
and tasks (the fast-resume parts that need no real worker process; the real
``db_worker`` test is in test_fast_resume.py)."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.campaigns import actions, engine, ledger, tasks, workers
from newsletter.campaigns.models import Delivery, DeliveryWorker
from newsletter.campaigns.retry import Outcome, OutcomeKind, RetryPolicy


def gone_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def sending(demo_issue, ses_settings, make_subscribers):
    make_subscribers(4)
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    return campaign


def worker_row(campaign, **fields):
    return DeliveryWorker.objects.create(campaign=campaign, **fields)


@pytest.mark.django_db
def test_a_vanished_process_on_this_host_is_dead_at_once(sending):
    dead = worker_row(sending, hostname=workers.HOSTNAME, pid=gone_pid())
    claimed = ledger.claim(sending.pk, dead.pk, 2)
    # A fresh heartbeat elsewhere says nothing: only the heartbeat can tell.
    remote = worker_row(sending, hostname="another-host.example", pid=dead.pid)
    ledger.claim(sending.pk, remote.pk, 1)
    recovery = ledger.recover_stale(sending.pk)
    assert recovery.rows == 2 and recovery.dead_workers == [dead.pk]
    assert [worker.pk for worker in recovery.alive] == [remote.pk]
    statuses = dict(Delivery.objects.filter(campaign=sending).values_list("pk", "status"))
    assert {statuses[row.pk] for row in claimed} == {"unknown"}
    assert sorted(statuses.values()) == ["pending", "sending", "unknown", "unknown"]


@pytest.mark.django_db
def test_an_exited_process_not_yet_reaped_is_dead_at_once(sending):
    """A worker killed under a supervisor that has not waited for it yet is a zombie:
    signal 0 still reaches it, but it will never send again."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = timezone.now() + timedelta(seconds=30)
        while workers.process_state(process.pid) != "Z" and timezone.now() < deadline:
            time.sleep(0.01)
        assert workers.process_state(process.pid) == "Z"
        os.kill(process.pid, 0)  # still answers signal 0
        zombie = worker_row(sending, hostname=workers.HOSTNAME, pid=process.pid)
        assert workers.is_dead(zombie)
    finally:
        process.wait()


@pytest.mark.django_db
def test_this_process_pid_is_alive_only_for_its_own_running_runs(sending):
    earlier = worker_row(sending, hostname=workers.HOSTNAME, pid=os.getpid())  # same pid, earlier process
    current = workers.register(sending.pk)
    assert workers.is_dead(earlier) and not workers.is_dead(current)
    workers.unregister(current, delete=False)  # ended with calls in flight
    assert workers.is_dead(DeliveryWorker.objects.get(pk=current.pk))


@pytest.mark.django_db
def test_a_live_process_on_this_host_waits_for_its_heartbeat(sending, settings):
    settings.CAMPAIGN_WORKER_DEAD_AFTER = 10
    parent = worker_row(sending, hostname=workers.HOSTNAME, pid=os.getppid())
    assert not workers.is_dead(parent)
    DeliveryWorker.objects.filter(pk=parent.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=11))
    assert workers.is_dead(DeliveryWorker.objects.get(pk=parent.pk))


@pytest.mark.django_db
def test_a_worker_declared_dead_stops_claiming_and_its_sent_calls_still_count(
        sending, fake_ses, settings):

    from tests.support.messages import StubMessageBuilder

    settings.CAMPAIGN_WORKER_DEAD_AFTER = 0.5  # a heartbeat every 0.1 s

    class DeclaredDeadMidway(StubMessageBuilder):
        built = 0

        def build(self, delivery, message_id):
            DeclaredDeadMidway.built += 1
            if DeclaredDeadMidway.built == 2:  # another process recovers this worker
                DeliveryWorker.objects.filter(campaign=sending).update(
                    heartbeat_at=timezone.now() - timedelta(hours=1))
                assert ledger.recover_stale(sending.pk).rows == 2
                time.sleep(0.15)  # the next heartbeat is due
            return super().build(delivery, message_id)

    report = engine.run_campaign(sending.pk, concurrency=2, builder=DeclaredDeadMidway())
    assert report.stopped_because == engine.StopReason.WORKER_LOST
    counts = ledger.counts(sending.pk)
    # The two calls it had made were accepted: sent, although recovery had said unknown.
    assert counts["sent"] == report.sent == sum(fake_ses.counts().values()) == 2
    assert counts["pending"] == 2  # never claimed after it learnt it was declared dead


@pytest.mark.django_db
def test_only_an_accepted_call_settles_a_row_recovery_made_unknown(sending):
    worker = worker_row(sending)
    first, second = ledger.claim(sending.pk, worker.pk, 2)
    Delivery.objects.filter(pk__in=[first.pk, second.pk]).update(status="unknown")
    ledger.settle([(first, Outcome(OutcomeKind.SENT, message_id="m-1")),
                   (second, Outcome(OutcomeKind.RETRY, reason="throttled"))], RetryPolicy())
    rows = {row.pk: row for row in Delivery.objects.filter(pk__in=[first.pk, second.pk])}
    assert rows[first.pk].status == "sent" and rows[first.pk].message_id == "m-1"
    assert rows[second.pk].status == "unknown"  # may have been sent: not resent blindly


@pytest.mark.django_db
def test_recovery_at_worker_start_revives_delivery_and_closes_the_dead_task(
        sending, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "events"]}}
    settings.CAMPAIGN_PARALLEL_TASKS = 1
    # The dead worker's delivery task, left RUNNING by the kill; its worker row has its id.
    running = tasks.deliver_campaign.enqueue(sending.pk)
    DBTaskResult.objects.filter(pk=running.id).update(status="RUNNING", started_at=timezone.now())
    dead = worker_row(sending, id=running.id, hostname=workers.HOSTNAME, pid=gone_pid())
    ledger.claim(sending.pk, dead.pk, 1)
    remote = worker_row(sending, hostname="another-host.example", pid=1)
    summary = tasks.recover_at_worker_start()
    assert summary["recovered"] == 1
    assert DBTaskResult.objects.get(pk=running.id).status == "FAILED"
    # The remote worker may be alive: nothing is revived for it yet, but a recovery is
    # queued for the moment its heartbeat goes stale.
    assert summary["revived"] == 0
    [check] = DBTaskResult.objects.filter(task_path=tasks.recover_workers.module_path)
    assert check.status == "READY"
    assert check.run_after == remote.heartbeat_at + timedelta(seconds=10) + tasks.STALE_MARGIN
    DeliveryWorker.objects.filter(pk=remote.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=1))
    assert tasks.recover_and_revive()["revived"] == 1
    queued = DBTaskResult.objects.filter(task_path=tasks.deliver_campaign.module_path, status="READY")
    assert [row.args_kwargs["args"] for row in queued] == [[sending.pk]]
    assert queued.get().queue_name == "default"  # a plain db_worker serves delivery
