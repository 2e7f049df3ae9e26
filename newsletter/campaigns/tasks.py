"""Background tasks (django-tasks, queue "delivery").

- ``start_campaign``  runs at a scheduled campaign's time (``run_after``) and starts it.
- ``deliver_campaign`` runs the engine loop for one campaign until it is done or paused.
  Several may run at once (scale-out: more ``db_worker`` processes on PostgreSQL).
- ``tick``            every CAMPAIGN_TICK_SECONDS (60): starts anything due that was
  missed, turns rows of dead workers into ``unknown``, resends unknown rows after the
  grace period, finishes complete campaigns, and restarts delivery for campaigns left
  without a live worker (e.g. after a crash). It enqueues its successor first, so a
  worker killed during a tick does not break the chain; it is idempotent.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import ledger, signals
from .models import Campaign, CampaignState, InvalidTransition

logger = logging.getLogger(__name__)
QUEUE = "delivery"


def tick_seconds() -> float:
    return float(getattr(settings, "CAMPAIGN_TICK_SECONDS", 60))


def parallel_tasks() -> int:
    """Delivery tasks per campaign: set to the number of db_worker processes serving
    the delivery queue so all of them share the work."""
    return max(1, int(getattr(settings, "CAMPAIGN_PARALLEL_TASKS", 1)))


def _backend_defers(task_obj) -> bool:
    return bool(task_obj.get_backend().supports_defer)


@task(queue_name=QUEUE)
def start_campaign(campaign_id: int) -> str:
    from . import actions

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


@task(queue_name=QUEUE)
def deliver_campaign(campaign_id: int) -> dict:
    from .engine import run_campaign

    max_seconds = getattr(settings, "CAMPAIGN_TASK_MAX_SECONDS", None)
    report = run_campaign(campaign_id, max_seconds=max_seconds)
    if report.stopped_because == "time slice over":
        enqueue_delivery(campaign_id, count=1)
    return {"sent": report.sent, "failed": report.failed, "unknown": report.unknown,
            "stopped": report.stopped_because}


@task(queue_name=QUEUE)
def tick() -> dict:
    schedule_next_tick()
    return run_tick()


def run_tick(now: datetime | None = None) -> dict:
    """The body of ``tick``, callable directly (tests, ``campaign_status --tick``)."""
    from . import actions
    from .engine import maybe_finish

    now = now or timezone.now()
    summary = {"started": 0, "recovered": 0, "released": 0, "finished": 0, "revived": 0}
    for campaign in Campaign.objects.filter(state=CampaignState.SCHEDULED, scheduled_at__lte=now):
        try:
            actions.start(campaign)
            summary["started"] += 1
        except Exception:  # noqa: BLE001 - one broken campaign must not stop the others
            logger.exception("Could not start scheduled campaign %s", campaign.pk)
    for campaign in Campaign.objects.filter(state__in=[CampaignState.SENDING,
                                                       CampaignState.PAUSED,
                                                       CampaignState.CANCELLED]):
        summary["recovered"] += ledger.recover_stale(campaign.pk)
    for campaign in Campaign.objects.filter(state=CampaignState.SENDING):
        summary["released"] += ledger.release_unknown(campaign.pk)
        if maybe_finish(campaign.pk):
            summary["finished"] += 1
            continue
        missing = parallel_tasks() - ledger.live_workers(campaign.pk) - queued_deliveries(campaign.pk)
        if missing > 0 and ledger.has_work(campaign.pk):
            enqueue_delivery(campaign.pk, count=missing)
            summary["revived"] += missing
    signals.tick.send(sender=None, now=now)
    return summary


def queued_deliveries(campaign_id: int) -> int:
    """Delivery tasks waiting in the database queue for this campaign."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return 0
    if not _backend_defers(deliver_campaign):
        return 0
    n = 0
    for args_kwargs in DBTaskResult.objects.filter(
            task_path=deliver_campaign.module_path, status="READY").values_list("args_kwargs", flat=True):
        if list((args_kwargs or {}).get("args", [])) == [campaign_id]:
            n += 1
    return n


def enqueue_delivery(campaign_id: int, count: int | None = None) -> None:
    for _ in range(count or parallel_tasks()):
        deliver_campaign.enqueue(campaign_id)
    ensure_tick()


def enqueue_start(campaign_id: int, when: datetime) -> None:
    if _backend_defers(start_campaign):
        start_campaign.using(run_after=when).enqueue(campaign_id)
        ensure_tick()
    # Without a deferring backend (tests' immediate backend) the tick starts it.


def _ready_ticks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").count()


def schedule_next_tick() -> None:
    if not _backend_defers(tick):
        return
    with transaction.atomic():
        if _ready_ticks() == 0:
            tick.using(run_after=timezone.now() + timedelta(seconds=tick_seconds())).enqueue()


def ensure_tick() -> None:
    """Make sure one tick is queued (idempotent)."""
    schedule_next_tick()
