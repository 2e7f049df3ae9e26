"""Delivery workers: who is sending, and who has died.

Every engine run registers a ``DeliveryWorker`` row (host, pid) and heartbeats it. A
worker counts as dead when

- its heartbeat is older than ``CAMPAIGN_WORKER_DEAD_AFTER`` (any host), or
- it ran on this host and its process is gone (or a zombie, exited but not yet reaped):
  at once, without waiting for the heartbeat. A row naming this very process that this process did not register (or
  has finished) belongs to an earlier process that had the same pid (containers).

A worker that might still be alive is never declared dead: a process id reused by an
unrelated process only falls back to the heartbeat.
"""

from __future__ import annotations

import os
import socket
import uuid

from django.utils import timezone

from . import conf
from .models import DeliveryWorker

HOSTNAME = socket.gethostname()[:255]
_registered_here: set[uuid.UUID] = set()  # runs of this process still going


def register(campaign_id: int, worker_id: uuid.UUID | None = None) -> DeliveryWorker:
    worker = DeliveryWorker.objects.create(id=worker_id or uuid.uuid4(), campaign_id=campaign_id,
                                           hostname=HOSTNAME, pid=os.getpid())
    _registered_here.add(worker.pk)
    return worker


def unregister(worker: DeliveryWorker, *, delete: bool) -> None:
    """The run is over. ``delete=False`` leaves the row (calls were still in flight) for
    recovery, which on this host happens at once."""
    _registered_here.discard(worker.pk)
    if delete:
        DeliveryWorker.objects.filter(pk=worker.pk).delete()


def beat(worker: DeliveryWorker) -> bool:
    """Refresh the heartbeat. False when the row is gone: another process declared this
    worker dead and turned its ``sending`` rows into ``unknown``."""
    return bool(DeliveryWorker.objects.filter(pk=worker.pk).update(heartbeat_at=timezone.now()))


def process_running(pid: int) -> bool:
    """Whether ``pid`` is a process that can still run. A zombie (exited, not yet reaped
    by its parent, e.g. a supervisor that is slow to wait) answers signal 0 like a live
    process, so on Linux its state in /proc decides."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return process_state(pid) not in ZOMBIE_STATES


ZOMBIE_STATES = {"Z", "X"}  # zombie, dead (proc(5))


def process_state(pid: int) -> str | None:
    """The one-letter state of ``pid`` from /proc/<pid>/stat, or None where there is no
    /proc (not Linux) or the process has just gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # "pid (comm) S ...": comm may hold spaces and parentheses, so split at the last ")".
            return stat.read().rpartition(b")")[2].split()[0].decode()
    except (OSError, IndexError):
        return None


def is_dead(worker: DeliveryWorker, *, now=None) -> bool:
    now = now or timezone.now()
    if worker.heartbeat_at < now - conf.worker_dead_after():
        return True
    if worker.hostname != HOSTNAME or not worker.pid:
        return False
    if worker.pid == os.getpid():
        return worker.pk not in _registered_here
    return not process_running(worker.pid)


def dead_and_alive(campaign_id: int | None = None) -> tuple[list[DeliveryWorker], list[DeliveryWorker]]:
    """The registered workers (of one campaign, or all), split into dead and alive."""
    workers = DeliveryWorker.objects.all()
    if campaign_id is not None:
        workers = workers.filter(campaign_id=campaign_id)
    now = timezone.now()
    dead, alive = [], []
    for worker in workers:
        (dead if is_dead(worker, now=now) else alive).append(worker)
    return dead, alive
