"""The campaigns app's settings, each with its one default (docs/delivery.md).

``cms/settings/base.py`` reads some of them from the environment and takes its defaults
from here, so every default is written once.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

CONCURRENCY = 48  # transport calls in flight per worker process
PARALLEL_TASKS = 1  # delivery tasks per campaign (= delivery workers)
RATE_HEADROOM = 0.97  # fraction of the send rate actually used
WORKER_DEAD_AFTER = 10.0  # seconds without a heartbeat before a worker counts as dead
UNKNOWN_GRACE = 3600.0  # seconds before an unsettled ``unknown`` row is sent again
MAX_ATTEMPTS = 6
RETRY_BASE_DELAY = 2.0
RETRY_MAX_DELAY = 300.0
TICK_SECONDS = 60.0
PROGRESS_POLL_MS = 3000


def concurrency() -> int:
    return int(getattr(settings, "CAMPAIGN_CONCURRENCY", CONCURRENCY))


def parallel_tasks() -> int:
    """Delivery tasks per campaign: the number of worker processes that share it."""
    return max(1, int(getattr(settings, "CAMPAIGN_PARALLEL_TASKS", PARALLEL_TASKS)))


def rate_headroom() -> float:
    return float(getattr(settings, "SES_RATE_HEADROOM", RATE_HEADROOM))


def max_send_rate() -> float | None:
    """SES_MAX_SEND_RATE: messages per second overriding the account's rate (unset: none)."""
    return getattr(settings, "SES_MAX_SEND_RATE", None) or None


def worker_dead_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "CAMPAIGN_WORKER_DEAD_AFTER",
                                           WORKER_DEAD_AFTER)))


def heartbeat_every() -> float:
    """A fifth of the time after which a silent worker counts as dead, at most 5 s."""
    return min(5.0, worker_dead_after().total_seconds() / 5)


def unknown_grace() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "CAMPAIGN_UNKNOWN_GRACE", UNKNOWN_GRACE)))


def max_attempts() -> int:
    return int(getattr(settings, "CAMPAIGN_MAX_ATTEMPTS", MAX_ATTEMPTS))


def retry_base_delay() -> float:
    return float(getattr(settings, "CAMPAIGN_RETRY_BASE_DELAY", RETRY_BASE_DELAY))


def retry_max_delay() -> float:
    return float(getattr(settings, "CAMPAIGN_RETRY_MAX_DELAY", RETRY_MAX_DELAY))


def tick_seconds() -> float:
    return float(getattr(settings, "CAMPAIGN_TICK_SECONDS", TICK_SECONDS))


def task_max_seconds() -> float | None:
    """Optional time slice of one delivery task (it re-enqueues itself); None: no limit."""
    value = getattr(settings, "CAMPAIGN_TASK_MAX_SECONDS", None)
    return None if value in (None, "") else float(value)


def progress_poll_ms() -> int:
    return int(getattr(settings, "CAMPAIGN_PROGRESS_POLL_MS", PROGRESS_POLL_MS))
