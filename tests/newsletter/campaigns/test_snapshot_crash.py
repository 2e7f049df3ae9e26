"""A campaign is a snapshot, end to end: an editor publishes a correction while a real
``db_worker`` is sending, the worker is SIGKILLed and a new one finishes the campaign.
Every message that arrived at the SES endpoint is the version the campaign started with,
identical apart from its personal parts (To, Message-ID, Date, greeting, links)."""

import datetime

import pytest
from django.db import connection

from newsletter.campaigns import actions, ledger
from newsletter.campaigns.engine import run_campaign
from newsletter.campaigns.models import Campaign, CampaignSnapshot, Delivery
from tests.newsletter.campaigns.test_crash_safety import _sending, make_issue, wait_until
from tests.support.fake_ses import FakeSes
from tests.support.mail import impersonal, subscriber_recipient
from tests.support.workers import start_worker, stop, worker_env

RECIPIENTS = 80


def publish(issue, subject: str, intro: str):
    page = type(issue).objects.get(pk=issue.pk)
    page.subject, page.intro = subject, intro
    page.save_revision().publish()
    return page


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_correction_published_mid_send_never_reaches_the_running_campaign(
        home, settings, tmp_path):
    from newsletter.subscribers.models import Subscriber

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "delivery", "events"]}}
    settings.CAMPAIGN_TICK_SECONDS = 0.5
    settings.CAMPAIGN_WORKER_DEAD_AFTER = 1.5
    settings.SES_MAX_SEND_RATE = 25  # about 3 s of sending: time to publish and to kill
    Subscriber.objects.bulk_create([
        Subscriber(email=f"snap{i}@example.org", name=f"Reader {i}", status="confirmed",
                   topics=["event"], email_hash=f"s{i}") for i in range(RECIPIENTS)])
    issue = publish(make_issue(home), "Version one", "<p>The first version.</p>")
    campaign = actions.create(issue)
    with FakeSes(latency=0.01, keep_raw=True) as fake:
        fake.max_send_rate = 100000
        settings.EMAIL_TRANSPORT = "ses"  # the same transport, so the same rate bucket
        settings.SES_ENDPOINT_URL = fake.url
        env = worker_env(connection.settings_dict["NAME"], fake.url,
                         CAMPAIGN_CONCURRENCY=2, SES_READ_TIMEOUT=2)
        actions.start(campaign)
        log = tmp_path / "worker.log"

        worker = start_worker(env, log)
        try:
            wait_until(lambda: len(fake.accepted) >= 15, 60,
                       f"the first messages\n{log.read_text()[-3000:]}")
            publish(issue, "Version two", "<p>A corrected version.</p>")
            at_publication = len(fake.accepted)
            wait_until(lambda: len(fake.accepted) >= at_publication + 10, 60,
                       f"messages after the publication\n{log.read_text()[-3000:]}")
        finally:
            stop(worker, kill=True)  # SIGKILL mid-send
        at_kill = len(fake.accepted)
        assert ledger.has_work(campaign.pk), "the campaign finished before the kill"

        worker = start_worker(env, log)
        try:
            wait_until(lambda: not ledger.has_work(campaign.pk) and not _sending(campaign),
                       90, f"the campaign to finish\n{log.read_text()[-3000:]}")
        finally:
            stop(worker, kill=False)
        assert len(fake.accepted) > at_kill, "the restarted worker sent nothing"

        # Rows the kill left unknown: settled by their Send event, or sent once more by
        # this process after the grace period; from the snapshot as well.
        by_delivery = {int(m["tags"]["delivery"]): m["message_id"] for m in fake.accepted}
        for row in Delivery.objects.filter(campaign=campaign, status="unknown"):
            if row.pk in by_delivery:
                ledger.settle_from_send_event(row.pk, by_delivery[row.pk])
        ledger.release_unknown(campaign.pk, older_than=datetime.timedelta(0))
        run_campaign(campaign.pk, concurrency=2)
        assert Campaign.objects.get(pk=campaign.pk).state == "finished"
        accepted = list(fake.accepted)

    rows = {row.pk: row for row in Delivery.objects.filter(campaign=campaign)
            .select_related("subscriber")}
    assert len(rows) == RECIPIENTS and all(row.status == "sent" for row in rows.values())
    assert {m["to"] for m in accepted} == {row.subscriber.email for row in rows.values()}
    versions = set()
    for record in accepted:
        subscriber = rows[int(record["tags"]["delivery"])].subscriber
        message = impersonal(record["raw"], subscriber_recipient(subscriber))
        assert message.headers["Subject"] == "Version one"
        assert "The first version." in message.html and "The first version." in message.text
        assert "corrected" not in message.html + message.text
        versions.add((tuple(sorted(message.headers.items())), message.html, message.text))
    assert len(versions) == 1, f"{len(versions)} different versions went out"

    snapshot = CampaignSnapshot.objects.get(campaign=campaign)
    live = type(issue).objects.get(pk=issue.pk)
    assert live.subject == "Version two"  # the site changed, the campaign did not
    assert snapshot.revision_id != live.live_revision_id
