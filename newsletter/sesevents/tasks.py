"""Background apply (django-tasks, the default queue): a plain ``db_worker`` applies
webhook events, as it runs every other task of clusterpost.

The webhook calls :func:`request_apply` after appending. It enqueues ``apply_events``
only when it creates the one ``ApplyRequest`` row, so a burst of posts enqueues one task;
the task deletes that row before it looks for pending messages, so a message appended
after the task looked always gets a new task. A request row older than
``STALE_REQUEST_SECONDS`` (its task lost, or no worker for a while) is replaced.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task

from . import apply
from .models import ApplyRequest

QUEUE = DEFAULT_TASK_QUEUE_NAME
STALE_REQUEST_SECONDS = 60


@task(queue_name=QUEUE)
def apply_events() -> dict:
    ApplyRequest.objects.all().delete()
    done = apply.drain()
    if done.messages:
        request_apply()  # the time budget may have ended the drain; look again
    return {"messages": done.messages, "stored": done.stored, "failed": done.failed,
            "paused": done.paused}


def request_apply() -> None:
    """Make sure an apply task will run after the current transaction commits."""
    requested = ApplyRequest.objects.values_list("requested_at", flat=True).first()
    if requested is not None:
        if requested > timezone.now() - timedelta(seconds=STALE_REQUEST_SECONDS):
            return
        ApplyRequest.objects.filter(requested_at=requested).delete()
    try:
        with transaction.atomic():
            ApplyRequest.objects.create()
    except IntegrityError:
        return  # another request created it at the same moment
    transaction.on_commit(apply_events.enqueue)
