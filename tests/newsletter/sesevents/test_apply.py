"""The webhook appends and answers; one background task applies a burst in batches."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.sesevents import apply, tasks
from newsletter.sesevents.models import ApplyRequest, SesEvent, SnsMessage

from .signing import ses_event

pytestmark = pytest.mark.django_db


class CountingTask:
    """Stands in for tasks.apply_events (a frozen Task): counts enqueues."""

    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


@pytest.fixture
def counting(monkeypatch):
    task = CountingTask()
    monkeypatch.setattr(tasks, "apply_events", task)
    return task


def test_webhook_appends_raw_events_and_a_burst_enqueues_one_task(
        signer, post, monkeypatch, django_capture_on_commit_callbacks):
    real_task = tasks.apply_events
    counting = CountingTask()
    monkeypatch.setattr(tasks, "apply_events", counting)
    for i in range(3):
        response = post(signer.notification(ses_event("Delivery", [f"r{i}@example.org"])))
        assert response.content == b"queued\n"
    assert counting.enqueued == 1  # one task for the burst
    assert SnsMessage.objects.filter(applied_at=None).count() == 3
    assert SesEvent.objects.count() == 0  # nothing applied in the requests
    assert '"r0@example.org"' in SnsMessage.objects.order_by("pk").first().body
    with django_capture_on_commit_callbacks(execute=True):
        result = real_task.call()
    assert result["messages"] == 3 and SesEvent.objects.count() == 3
    assert not apply.pending().exists()
    assert counting.enqueued == 2  # it asks for one more look, in case its budget ran out
    with django_capture_on_commit_callbacks(execute=True):
        again = real_task.call()
    assert again["messages"] == 0 and not ApplyRequest.objects.exists()
    assert counting.enqueued == 2  # nothing was applied: the chain ends
    assert SnsMessage.objects.filter(body="").count() == 3


def test_a_stale_request_is_replaced(signer, post, counting):
    ApplyRequest.objects.create()
    ApplyRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=5))
    post(signer.notification(ses_event("Delivery")))
    assert counting.enqueued == 1 and ApplyRequest.objects.count() == 1


def test_batches_keep_arrival_order_and_dedupe_across_routes(signer, post, settings):
    settings.SES_EVENTS_APPLY_BATCH = 2
    payload = ses_event("Bounce", ["ann@example.org"], bounce_type="Transient")
    post(signer.notification(payload), apply=False)
    post(signer.notification(payload), apply=False)  # same SES event, another SNS message
    post(signer.notification(ses_event("Delivery", ["bob@example.org"])), apply=False)
    done = apply.drain()
    assert (done.messages, done.stored, done.skipped) == (3, 2, 1)
    first, second = SesEvent.objects.order_by("pk")
    assert (first.recipient, second.recipient) == ("ann@example.org", "bob@example.org")
