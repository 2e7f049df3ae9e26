"""The delivery loop against the local SES-compatible endpoint, through boto3."""

import pytest

from newsletter.campaigns import actions, ledger
from newsletter.campaigns.engine import run_campaign
from newsletter.campaigns.models import Campaign, Delivery
from tests.support.fake_ses import Fault


def start(demo_issue, **kwargs):
    campaign = actions.create(demo_issue, **kwargs)
    actions.start(campaign)
    campaign.refresh_from_db()
    return campaign


@pytest.mark.django_db
def test_every_subscriber_gets_exactly_one_message_with_tags(ses_settings, fake_ses,
                                                             demo_issue, make_subscribers):
    people = make_subscribers(40)
    campaign = start(demo_issue)
    assert campaign.state == "sending" and campaign.audience_size == 40
    report = run_campaign(campaign.pk, concurrency=8)
    assert report.sent == 40
    assert fake_ses.counts() == {p.email: 1 for p in people}
    campaign.refresh_from_db()
    assert campaign.state == "finished"
    rows = {d.pk: d for d in Delivery.objects.filter(campaign=campaign)}
    for record in fake_ses.accepted:
        assert record["tags"]["campaign"] == str(campaign.pk)
        row = rows[int(record["tags"]["delivery"])]
        assert row.status == "sent" and row.message_id == record["message_id"]
        assert row.subscriber.email == record["to"]
        assert record["configuration_set"] == "clusterpost"
    assert ledger.counts(campaign.pk)["sent"] == 40


@pytest.mark.django_db
def test_topic_audience_and_second_campaign_leaves_out_those_reached(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    events = make_subscribers(5, prefix="events", topics=["event"])
    make_subscribers(4, prefix="interviews", topics=["interview"])
    first = start(demo_issue, topics=["event"])
    assert first.audience_size == 5
    run_campaign(first.pk, concurrency=4)
    second = start(demo_issue)  # everyone confirmed, minus those the issue reached
    assert second.audience_size == 4
    run_campaign(second.pk, concurrency=4)
    counts = fake_ses.counts()
    assert all(counts[p.email] == 1 for p in events)
    assert sum(counts.values()) == 9


@pytest.mark.django_db
def test_throttling_and_server_errors_are_retried_then_permanent_errors_fail(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    people = make_subscribers(6)
    fake_ses.fail(people[0].email, Fault.THROTTLE, Fault.SERVER_ERROR)
    fake_ses.fail(people[1].email, Fault.RATE)
    fake_ses.fail(people[2].email, Fault.REJECT)
    campaign = start(demo_issue)
    run_campaign(campaign.pk, concurrency=3)
    rows = {d.subscriber.email: d for d in Delivery.objects.filter(campaign=campaign)}
    assert rows[people[0].email].status == "sent" and rows[people[0].email].attempts == 3
    assert rows[people[1].email].status == "sent" and rows[people[1].email].attempts == 2
    assert rows[people[2].email].status == "failed"
    assert "MessageRejected" in rows[people[2].email].reason
    counts = fake_ses.counts()
    assert counts[people[0].email] == 1 and people[2].email not in counts
    campaign.refresh_from_db()
    assert campaign.state == "finished"


@pytest.mark.django_db
def test_temporary_errors_give_up_after_the_attempt_limit(ses_settings, fake_ses, demo_issue,
                                                          make_subscribers):
    ses_settings.CAMPAIGN_MAX_ATTEMPTS = 3
    [person] = make_subscribers(1)
    fake_ses.fail(person.email, *[Fault.THROTTLE] * 5)
    campaign = start(demo_issue)
    run_campaign(campaign.pk, concurrency=2)
    row = Delivery.objects.get(campaign=campaign)
    assert row.status == "failed" and row.attempts == 3
    assert "Gave up after 3 attempts" in row.reason
    assert fake_ses.counts() == {}


@pytest.mark.django_db
def test_account_error_pauses_the_campaign_and_resume_finishes_it(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    people = make_subscribers(10)
    fake_ses.fail(people[3].email, Fault.PAUSED)
    campaign = start(demo_issue)
    report = run_campaign(campaign.pk, concurrency=1)
    campaign.refresh_from_db()
    assert campaign.state == "paused"
    assert "SendingPausedException" in campaign.pause_reason
    assert report.paused_reason
    counts = ledger.counts(campaign.pk)
    assert counts["pending"] >= 1 and counts["sending"] == 0
    assert Delivery.objects.get(campaign=campaign, subscriber=people[3]).status == "pending"
    actions.resume(campaign)
    run_campaign(campaign.pk, concurrency=4)
    campaign.refresh_from_db()
    assert campaign.state == "finished"
    assert fake_ses.counts() == {p.email: 1 for p in people}


@pytest.mark.django_db
def test_daily_quota_from_get_account_pauses_before_sending_more(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    fake_ses.max_24_hour_send = 10
    fake_ses.sent_last_24_hours = 6
    make_subscribers(7)
    campaign = start(demo_issue)
    run_campaign(campaign.pk, concurrency=2)
    campaign.refresh_from_db()
    assert campaign.state == "paused"
    assert "24-hour" in campaign.pause_reason
    assert sum(fake_ses.counts().values()) == 4
    assert ledger.counts(campaign.pk) | {} == {**ledger.counts(campaign.pk), "sent": 4, "pending": 3}


@pytest.mark.django_db
def test_read_timeout_marks_unknown_and_is_never_resent_on_the_spot(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    fake_ses.timeout_delay = 2.5
    people = make_subscribers(3)
    fake_ses.fail(people[1].email, Fault.TIMEOUT_AFTER_ACCEPT)
    campaign = start(demo_issue)
    run_campaign(campaign.pk, concurrency=3)
    row = Delivery.objects.get(campaign=campaign, subscriber=people[1])
    assert row.status == "unknown"
    assert fake_ses.counts()[people[1].email] == 1
    campaign.refresh_from_db()
    assert campaign.state == "sending"  # not finished while an outcome is open
    # A second run does not resend it.
    run_campaign(campaign.pk, concurrency=3)
    assert fake_ses.counts()[people[1].email] == 1
    # The SES Send event settles it; the campaign can finish.
    [tags] = fake_ses.tags_of(people[1].email)
    assert ledger.settle_from_send_event(int(tags["delivery"]), "ses-message-id")
    assert not ledger.settle_from_send_event(int(tags["delivery"]), "ses-message-id")
    from newsletter.campaigns.tasks import run_tick

    run_tick()
    campaign.refresh_from_db()
    assert campaign.state == "finished"


@pytest.mark.django_db
def test_unsubscribed_or_suppressed_at_send_time_are_skipped(ses_settings, fake_ses, demo_issue,
                                                             make_subscribers):
    from newsletter.subscribers.models import Subscriber
    from newsletter.subscribers.suppression import suppress

    people = make_subscribers(4)
    campaign = start(demo_issue)
    Subscriber.objects.filter(pk=people[0].pk).update(status="unsubscribed")
    suppress(people[1].email, "bounce" if "bounce" in _reasons() else _reasons()[0])
    run_campaign(campaign.pk, concurrency=2)
    statuses = {d.subscriber_id: d.status for d in Delivery.objects.filter(campaign=campaign)}
    assert statuses[people[0].pk] == "skipped" and statuses[people[1].pk] == "skipped"
    assert set(fake_ses.counts()) == {people[2].email, people[3].email}


def _reasons():
    from newsletter.subscribers.models import SuppressedAddress

    return [choice for choice, _ in SuppressedAddress.Reason.choices]


@pytest.mark.django_db
def test_pause_from_the_editor_stops_new_claims(ses_settings, fake_ses, demo_issue,
                                                make_subscribers):
    from tests.support.messages import StubMessageBuilder

    make_subscribers(30)
    campaign = start(demo_issue)

    class PausingBuilder(StubMessageBuilder):
        built = 0

        def build(self, delivery, message_id):
            PausingBuilder.built += 1
            if PausingBuilder.built == 5:  # the editor presses "Pause" meanwhile
                actions.pause(Campaign.objects.get(pk=campaign.pk))
            return super().build(delivery, message_id)

    run_campaign(campaign.pk, concurrency=1, builder=PausingBuilder())
    counts = ledger.counts(campaign.pk)
    assert counts["sending"] == 0
    assert 5 <= counts["sent"] < 30 and counts["pending"] == 30 - counts["sent"]
    assert sum(fake_ses.counts().values()) == counts["sent"]


@pytest.mark.django_db
def test_rate_from_settings_caps_every_sliding_second_of_call_starts(
        ses_settings, fake_ses, demo_issue, make_subscribers):
    import time

    from newsletter.transports.ses import SesTransport

    ses_settings.SES_MAX_SEND_RATE = 20
    make_subscribers(50)
    campaign = start(demo_issue)
    assert campaign.send_rate == 20
    transport = SesTransport()
    starts = []  # when each request leaves, after the engine's pacing hook
    transport.client.meta.events.register("before-send.sesv2.SendEmail",
                                          lambda **kwargs: starts.append(time.time()))
    run_campaign(campaign.pk, transport=transport, concurrency=8)
    starts.sort()
    assert len(starts) == 50 and sum(fake_ses.counts().values()) == 50
    busiest = max(sum(1 for s in starts[i:] if s < first + 1.0) for i, first in enumerate(starts))
    assert busiest <= 20
    arrivals = sorted(fake_ses.arrivals)
    assert max(sum(1 for s in arrivals[i:] if s < first + 1.0)
               for i, first in enumerate(arrivals)) <= 20


@pytest.mark.django_db
def test_an_error_in_the_send_loop_puts_unsent_rows_back_untouched(
        ses_settings, fake_ses, demo_issue, make_subscribers, monkeypatch):
    """Rows claimed but never handed to the transport, and calls that never started,
    go back to pending with their attempt undone: not ``unknown``, which would hold
    them back for the grace period although they surely were not sent."""
    from concurrent.futures import Future

    from newsletter.campaigns import engine
    from tests.support.messages import StubMessageBuilder

    people = make_subscribers(10)
    campaign = start(demo_issue)

    class Abort(BaseException):
        """Like KeyboardInterrupt: not caught by the per-row error handling."""

    class AbortingBuilder(StubMessageBuilder):
        built = 0

        def build(self, delivery, message_id):
            AbortingBuilder.built += 1
            if AbortingBuilder.built == 3:
                raise Abort
            return super().build(delivery, message_id)

    class QueuedForever:
        """An executor whose calls are still queued when the loop dies."""

        def __init__(self, *args, **kwargs):
            self.futures = []

        def submit(self, fn, *args, **kwargs):
            self.futures.append(Future())
            return self.futures[-1]

        def shutdown(self, wait=True, cancel_futures=False):
            for future in self.futures:
                future.cancel()

    with monkeypatch.context() as patch:
        patch.setattr(engine, "ThreadPoolExecutor", QueuedForever)
        with pytest.raises(Abort):
            run_campaign(campaign.pk, concurrency=4, builder=AbortingBuilder())
    assert AbortingBuilder.built == 3
    counts = ledger.counts(campaign.pk)
    assert counts["pending"] == 10 and counts["sending"] == 0 and counts["unknown"] == 0
    assert set(Delivery.objects.filter(campaign=campaign).values_list("attempts", flat=True)) == {0}
    assert fake_ses.counts() == {}

    report = run_campaign(campaign.pk, concurrency=4)
    assert report.sent == 10
    assert fake_ses.counts() == {p.email: 1 for p in people}
