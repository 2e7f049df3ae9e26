"""Background apply (django-tasks, the default queue): a plain ``db_worker`` applies
webhook events, as it runs every other task of clusterpost.

The webhook calls :func:`request_apply` after appending. It enqueues ``apply_events``
only when it creates the one ``ApplyRequest`` row, so a burst of posts enqueues one task;
the task deletes that row before it looks for pending messages, so a message appended
after the task looked always gets a new task. A request row older than
``STALE_REQUEST_SECONDS`` (its task lost, or no worker for a while) is replaced.

The campaigns' scheduling tick (every minute) is the safety net: when stored messages
wait unapplied, it requests an apply too. So an event whose apply request was lost (the
enqueue failed after the append committed; SNS's retry of it is then only a
"duplicate") is applied at the next tick, not only when a later event arrives.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, connections, router, transaction
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


_fresh_request_sql_by_vendor: dict[str, str] = {}


def _fresh_request_sql(connection) -> str:
    sql = _fresh_request_sql_by_vendor.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        column = quote(ApplyRequest._meta.get_field("requested_at").column)
        sql = _fresh_request_sql_by_vendor[connection.vendor] = (
            f"SELECT 1 FROM {quote(ApplyRequest._meta.db_table)} WHERE {column} > %s LIMIT 1")
    return sql


def request_apply() -> None:
    """Make sure an apply task will run after the current transaction commits.

    Every group of webhook appends calls this, so the usual case (a task is already
    requested) is one SELECT built once, without the ORM's query compilation."""
    connection = connections[router.db_for_write(ApplyRequest)]
    fresh_after = timezone.now() - timedelta(seconds=STALE_REQUEST_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(_fresh_request_sql(connection),
                       [connection.ops.adapt_datetimefield_value(fresh_after)])
        if cursor.fetchone() is not None:
            return
    ApplyRequest.objects.filter(requested_at__lte=fresh_after).delete()  # its task was lost
    try:
        with transaction.atomic():
            ApplyRequest.objects.create()
    except IntegrityError:
        return  # another request created it at the same moment
    transaction.on_commit(apply_events.enqueue)


def request_apply_if_pending(**_signal) -> bool:
    """Receiver of the campaigns' ``tick``: request an apply when messages wait."""
    if not apply.pending().exists():
        return False
    request_apply()
    return True
