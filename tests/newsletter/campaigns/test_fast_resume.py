"""Fast resume: a real ``db_worker`` is SIGKILLed mid-campaign and a new one started
right away. Sending resumes long before the next tick:

- on the same host at once (the dead pid is seen at the new worker's start), without
  waiting for the dead worker's heartbeat to go stale;
- when the dead worker ran on another host, as soon as its heartbeat is stale
  (``CAMPAIGN_WORKER_DEAD_AFTER``, 10 s by default).

The tick is set far beyond the bounds, so it cannot be what resumes sending. The rows
in flight at the kill become ``unknown`` and nobody receives a message twice.
"""

import time

import pytest
from django.db import connection

from newsletter.campaigns import actions, conf, ledger
from newsletter.campaigns.models import Delivery, DeliveryWorker
from tests.support.fake_ses import FakeSes
from tests.support.workers import start_worker, stop, worker_env

from .test_crash_safety import make_issue, wait_until

RECIPIENTS = 120
# Starting a Django process on the shared 2-CPU test machine: a generous allowance.
BOOT = 20.0


def run_killed_campaign(home, settings, tmp_path, *, dead_after, elsewhere):
    from newsletter.subscribers.models import Subscriber

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "events"]}}
    tick = 10 * (dead_after + BOOT)
    settings.CAMPAIGN_TICK_SECONDS = tick
    settings.CAMPAIGN_WORKER_DEAD_AFTER = dead_after
    Subscriber.objects.bulk_create([
        Subscriber(email=f"resume{i}@example.org", status="confirmed", topics=["event"],
                   email_hash=f"r{i}") for i in range(RECIPIENTS)])
    campaign = actions.create(make_issue(home))
    log = tmp_path / "worker.log"
    with FakeSes(latency=0.2) as fake:  # calls stay in flight long enough to be caught
        fake.max_send_rate = 100000
        settings.EMAIL_TRANSPORT = "ses"
        settings.SES_ENDPOINT_URL = fake.url
        env = worker_env(connection.settings_dict["NAME"], fake.url, CAMPAIGN_CONCURRENCY=4,
                         CAMPAIGN_TICK_SECONDS=tick, CAMPAIGN_WORKER_DEAD_AFTER=dead_after)
        actions.start(campaign)
        first = start_worker(env, log)
        try:
            wait_until(lambda: len(fake.accepted) >= 20, 60,
                       f"the first worker to send\n{log.read_text()[-3000:]}")
        finally:
            stop(first, kill=True)  # SIGKILL
        killed_at = time.time()
        in_flight = set(Delivery.objects.filter(campaign=campaign, status="sending")
                        .values_list("pk", flat=True))
        at_kill = f"at the kill: {ledger.counts(campaign.pk)}, exit code {first.returncode}"
        assert in_flight, f"no call was in flight ({at_kill})"
        dead = set(DeliveryWorker.objects.values_list("pk", flat=True))
        assert len(dead) == 1, at_kill
        if elsewhere:  # the dead worker ran on another host: only its heartbeat tells
            DeliveryWorker.objects.update(hostname="another-host.example")
        started_at = time.time()
        second = start_worker(env, log)
        try:
            wait_until(lambda: not ledger.has_work(campaign.pk)
                       and not Delivery.objects.filter(campaign=campaign, status="sending").exists(),
                       dead_after + BOOT + 60, f"the campaign to finish\n{log.read_text()[-3000:]}")
        finally:
            stop(second, kill=False)
        accepted = list(fake.accepted)
    rows = {row.pk: row for row in Delivery.objects.filter(campaign=campaign).select_related("subscriber")}
    resumed_at = min(record["at"] for record in accepted
                     if rows[int(record["tags"]["delivery"])].worker not in dead)
    received = {}
    for record in accepted:
        received[record["to"]] = received.get(record["to"], 0) + 1
    unknown = [row for row in rows.values() if row.status == "unknown"]
    for row in rows.values():
        if row.status == "sent":
            assert received.get(row.subscriber.email) == 1, row.subscriber.email
        else:
            assert row.status == "unknown" and received.get(row.subscriber.email, 0) <= 1
    # Exactly the rows in flight at the kill became unknown: never resent blindly.
    assert {row.pk for row in unknown} == in_flight, at_kill
    print(f"\nresumed {resumed_at - killed_at:.1f} s after the kill "
          f"({resumed_at - started_at:.1f} s after the new worker started), "
          f"{len(unknown)} rows in flight became unknown")
    return resumed_at - killed_at


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_same_host_resumes_without_waiting_for_the_heartbeat(home, settings, tmp_path):
    dead_after = 60.0  # the old default: waiting for it would fail the bound
    resumed = run_killed_campaign(home, settings, tmp_path, dead_after=dead_after, elsewhere=False)
    assert resumed < BOOT < dead_after


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_another_host_resumes_once_the_heartbeat_is_stale(home, settings, tmp_path):
    dead_after = conf.WORKER_DEAD_AFTER  # the default
    resumed = run_killed_campaign(home, settings, tmp_path, dead_after=dead_after, elsewhere=True)
    # Not before the heartbeat could go stale (it beats every dead_after / 5) ...
    assert resumed >= dead_after - conf.heartbeat_every() - 1
    # ... and soon after, not at the next tick.
    assert resumed < dead_after + BOOT
