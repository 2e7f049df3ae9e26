"""Background tasks (django-tasks, on the default queue, so a plain ``db_worker`` serves
them).

- ``start_campaign``  runs at a scheduled campaign's time (``run_after``) and starts it.
- ``deliver_campaign`` runs the engine loop for one campaign until it is done or paused.
  Several may run at once (scale-out: more ``db_worker`` processes on PostgreSQL).
- ``tick``            every CAMPAIGN_TICK_SECONDS (60): starts anything due that was
  missed, recovers rows of dead workers (they become ``unknown``), resends unknown rows
  after the grace period, finishes complete campaigns, and restarts delivery for
  campaigns left without a live worker. It enqueues its successor first, so a worker
  killed during a tick does not break the chain; it is idempotent. It sends
  ``signals.tick``.
- ``recover_workers`` the recovery part of the tick alone, run when a worker starts
  (``db_worker``) and again once the heartbeats of workers elsewhere that it could
  not yet prove dead have gone stale: sending resumes within seconds of a crash, not
  at the next tick.

Actions signal what they need (``actions.delivery_wanted``, ``actions.start_scheduled``);
the receivers here enqueue the tasks.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskContext, task
from django_tasks_db.models import DBTaskResult

from . import actions, conf, ledger, signals, workers
from .engine import StopReason, maybe_finish, run_campaign
from .models import Campaign, CampaignState, DeliveryWorker, InvalidTransition

logger = logging.getLogger(__name__)
QUEUE = DEFAULT_TASK_QUEUE_NAME
# A heartbeat seen stale this much after its expiry counts (clock steps between hosts).
STALE_MARGIN = timedelta(seconds=0.5)


def _backend_defers(task_obj) -> bool:
    return bool(task_obj.get_backend().supports_defer)


@task(queue_name=QUEUE)
def start_campaign(campaign_id: int) -> str:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.state != CampaignState.SCHEDULED:
        return "not scheduled"
    if campaign.scheduled_at and campaign.scheduled_at > timezone.now():
        return "not due yet"  # rescheduled later; its own start task will come
    try:
        actions.start(campaign)
    except InvalidTransition as exc:
        return str(exc)
    return "started"


def _task_uuid(context: TaskContext) -> uuid.UUID | None:
    """The task's id, when it is a UUID (the database backend's are): the run's worker
    row takes it, so recovery can close the task of a worker that died."""
    try:
        return uuid.UUID(str(context.task_result.id))
    except ValueError:
        return None


@task(queue_name=QUEUE, takes_context=True)
def deliver_campaign(context: TaskContext, campaign_id: int) -> dict:
    report = run_campaign(campaign_id, max_seconds=conf.task_max_seconds(),
                          worker_id=_task_uuid(context))
    if report.stopped_because == StopReason.TIME_SLICE_OVER:
        enqueue_delivery(campaign_id, count=1)
    return {"sent": report.sent, "failed": report.failed, "unknown": report.unknown,
            "stopped": report.stopped_because}


@task(queue_name=QUEUE)
def tick() -> dict:
    schedule_next_tick()
    return run_tick()


@task(queue_name=QUEUE)
def recover_workers() -> dict:
    return recover_and_revive()


def run_tick(now: datetime | None = None) -> dict:
    """The body of ``tick``, callable directly (tests)."""
    now = now or timezone.now()
    signals.tick.send(sender=None, now=now)
    summary = {"started": 0, "released": 0}
    for campaign in Campaign.objects.filter(state=CampaignState.SCHEDULED, scheduled_at__lte=now):
        try:
            actions.start(campaign)
            summary["started"] += 1
        except Exception:  # noqa: BLE001 - one broken campaign must not stop the others
            logger.exception("Could not start scheduled campaign %s", campaign.pk)
    recovery = recover()
    for campaign in Campaign.objects.filter(state=CampaignState.SENDING):
        summary["released"] += ledger.release_unknown(campaign.pk)
    return {**summary, "recovered": recovery.rows, **revive(recovery.alive)}


def recover_and_revive() -> dict:
    recovery = recover()
    return {"recovered": recovery.rows, **revive(recovery.alive)}


def recover() -> ledger.Recovery:
    """Rows of dead workers become ``unknown`` (never resent blindly) and the dead
    workers' tasks are closed."""
    recovery = ledger.recover_stale()
    close_dead_tasks(recovery.dead_workers)
    return recovery


def revive(alive: list[DeliveryWorker]) -> dict:
    """Finish complete campaigns; give those left with fewer live workers than
    CAMPAIGN_PARALLEL_TASKS their delivery tasks again."""
    live = Counter(worker.campaign_id for worker in alive)
    finished = revived = 0
    for campaign in Campaign.objects.filter(state=CampaignState.SENDING):
        if maybe_finish(campaign.pk):
            finished += 1
            continue
        missing = conf.parallel_tasks() - live[campaign.pk] - queued_deliveries(campaign.pk)
        if missing > 0 and ledger.has_work(campaign.pk):
            enqueue_delivery(campaign.pk, count=missing)
            revived += missing
    return {"finished": finished, "revived": revived}


def recover_at_worker_start() -> dict:
    """Run by ``db_worker`` before it takes its first task. Workers of this host whose
    process is gone are recovered at once; for workers elsewhere that may be dead, a
    ``recover_workers`` task is queued for the moment their heartbeat goes stale."""
    summary = recover_and_revive()
    schedule_next_tick()
    others = DeliveryWorker.objects.exclude(hostname=workers.HOSTNAME).order_by("heartbeat_at")
    first = others.values_list("heartbeat_at", flat=True).first()
    if first is not None and _backend_defers(recover_workers):
        recover_workers.using(
            run_after=first + conf.worker_dead_after() + STALE_MARGIN).enqueue()
    return summary


def close_dead_tasks(dead_workers: list[uuid.UUID]) -> int:
    """Delivery tasks whose worker died stay RUNNING in django-tasks-db: mark them
    failed. Also those that never registered a worker or lost it long ago (a kill
    between claiming the task and registering). Returns the count."""
    if not _backend_defers(deliver_campaign):
        return 0
    cutoff = timezone.now() - conf.worker_dead_after()
    registered = DeliveryWorker.objects.values("pk")
    return DBTaskResult.objects.filter(
        task_path=deliver_campaign.module_path, status="RUNNING",
    ).filter(Q(pk__in=dead_workers) | Q(started_at__lt=cutoff) & ~Q(pk__in=registered)).update(
        status="FAILED", finished_at=timezone.now(),
        exception_class_path="newsletter.campaigns.tasks.WorkerDied",
        traceback="The worker process stopped while running this task; its rows in flight "
                  "became unknown and delivery was restarted.")


def queued_deliveries(campaign_id: int) -> int:
    """Delivery tasks waiting in our queue for this campaign."""
    if not _backend_defers(deliver_campaign):
        return 0
    n = 0
    for args_kwargs in DBTaskResult.objects.filter(
            task_path=deliver_campaign.module_path, status="READY", queue_name=QUEUE,
    ).values_list("args_kwargs", flat=True):
        if list((args_kwargs or {}).get("args", [])) == [campaign_id]:
            n += 1
    return n


def enqueue_delivery(campaign_id: int, count: int | None = None) -> None:
    for _ in range(count or conf.parallel_tasks()):
        deliver_campaign.enqueue(campaign_id)
    schedule_next_tick()


def enqueue_start(campaign_id: int, when: datetime) -> None:
    if _backend_defers(start_campaign):
        start_campaign.using(run_after=when).enqueue(campaign_id)
        schedule_next_tick()
    # Without a deferring backend (tests' immediate backend) the tick starts it.


@receiver(actions.delivery_wanted)
def _deliver_when_wanted(sender, campaign_id: int, **kwargs) -> None:
    enqueue_delivery(campaign_id)


@receiver(actions.start_scheduled)
def _start_when_scheduled(sender, campaign_id: int, when: datetime, **kwargs) -> None:
    enqueue_start(campaign_id, when)


def schedule_next_tick() -> None:
    """Make sure one tick is queued (idempotent)."""
    if not _backend_defers(tick):
        return
    with transaction.atomic():
        # Only on our queue: a tick left on another (the former "delivery" queue) would
        # never run, and must not stand in for one.
        if not DBTaskResult.objects.filter(task_path=tick.module_path, status="READY",
                                           queue_name=QUEUE).exists():
            tick.using(run_after=timezone.now() + timedelta(seconds=conf.tick_seconds())).enqueue()
