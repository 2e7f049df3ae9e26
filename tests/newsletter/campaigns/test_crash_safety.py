"""Fault injection: a real ``db_worker`` process is SIGKILLed mid-campaign again and
again and restarted. Messages are counted where they arrive, at the local SES endpoint.

At the end every eligible subscriber holds exactly one message, except rows left
``unknown`` (killed with a call in flight), which hold at most one and are listed. When
the SES Send events for those arrive they settle as sent; the rest are released after
the grace period and sent once more: then everybody holds exactly one.
"""

import random
import time

import pytest
from django.db import connection

from newsletter.campaigns import actions, ledger
from newsletter.campaigns.models import Campaign, Delivery
from tests.support.fake_ses import FakeSes
from tests.support.workers import start_worker, stop, worker_env

RECIPIENTS = 300
KILLS = 5


def make_issue(home):
    from cms.models import IssueIndexPage, IssuePage

    index = IssueIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=IssueIndexPage(title="Issues", slug="issues-crash"))
    return index.add_child(instance=IssuePage(title="Crash test issue", slug="crash-test-issue",
                                              subject="Crash test"))


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sigkilled_workers_never_lose_or_duplicate_mail(home, settings, tmp_path):
    from newsletter.subscribers.models import Subscriber

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    settings.CAMPAIGN_TICK_SECONDS = 0.5
    settings.CAMPAIGN_WORKER_DEAD_AFTER = 1.5
    Subscriber.objects.bulk_create([
        Subscriber(email=f"crash{i}@example.org", status="confirmed",
                   topics=["event"], email_hash=f"h{i}") for i in range(RECIPIENTS)])
    issue = make_issue(home)
    campaign = actions.create(issue)
    rng = random.Random(5)
    with FakeSes(latency=0.01) as fake:
        fake.max_send_rate = 100000
        settings.EMAIL_TRANSPORT = "ses"  # the same transport, so the same rate bucket
        settings.SES_ENDPOINT_URL = fake.url
        env = worker_env(connection.settings_dict["NAME"], fake.url,
                         CAMPAIGN_CONCURRENCY=4, SES_READ_TIMEOUT=2)
        actions.start(campaign)  # enqueues the delivery task and the tick in the DB
        log = tmp_path / "worker.log"
        kills = 0
        while kills < KILLS:
            worker = start_worker(env, log)
            try:
                before = len(fake.accepted)
                target = before + rng.randint(15, 45)
                wait_until(lambda target=target: len(fake.accepted) >= target or ledger.is_complete(campaign.pk)
                           or not ledger.has_work(campaign.pk) and not _sending(campaign),
                           60, f"progress of worker #{kills + 1}\n{log.read_text()[-3000:]}")
                time.sleep(rng.uniform(0, 0.05))
            finally:
                stop(worker, kill=True)  # SIGKILL: no cleanup, no goodbye
            kills += 1
            if not ledger.has_work(campaign.pk):
                break
        assert kills >= 3, "the campaign finished before the worker was killed three times"
        # A last worker finishes the campaign.
        worker = start_worker(env, log)
        try:
            wait_until(lambda: not ledger.has_work(campaign.pk) and not _sending(campaign),
                       90, f"the campaign to finish\n{log.read_text()[-3000:]}")
        finally:
            stop(worker, kill=False)

        counts = fake.counts()
        rows = list(Delivery.objects.filter(campaign=campaign).select_related("subscriber"))
        assert len(rows) == RECIPIENTS
        unknown = [row for row in rows if row.status == "unknown"]
        for row in rows:
            received = counts.get(row.subscriber.email, 0)
            if row.status == "sent":
                assert received == 1, (row.subscriber.email, received)
            else:
                assert row.status == "unknown", row.status
                assert received <= 1, (row.subscriber.email, received)
        print(f"\n{kills} kills, {len(unknown)} unknown rows:",
              ", ".join(row.subscriber.email for row in unknown))

        # The SES events issue settles unknown rows whose message did arrive ...
        by_delivery = {int(m["tags"]["delivery"]): m["message_id"] for m in fake.accepted}
        for row in unknown:
            if row.pk in by_delivery:
                assert ledger.settle_from_send_event(row.pk, by_delivery[row.pk])
        # ... and after the grace period the others are sent once more.
        ledger.release_unknown(campaign.pk, older_than=__import__("datetime").timedelta(0))
        from newsletter.campaigns.engine import run_campaign

        settings.EMAIL_TRANSPORT = "ses"
        settings.SES_ENDPOINT_URL = fake.url
        run_campaign(campaign.pk, concurrency=4)
        counts = fake.counts()
        assert {row.subscriber.email: counts.get(row.subscriber.email) for row in rows} == {
            row.subscriber.email: 1 for row in rows}
        campaign.refresh_from_db()
        assert campaign.state == "finished"


def _sending(campaign):
    return Delivery.objects.filter(campaign=campaign, status="sending").exists() or \
        Campaign.objects.filter(pk=campaign.pk, workers__isnull=False).exists()
