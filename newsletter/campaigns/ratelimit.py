"""The send rate shared by every worker process through the database.

A generic-cell-rate bucket: one row holds the time of the next free send slot. A
process reserves a small batch of slots in one short locked transaction and sends each
message no earlier than its slot. There is no burst credit: after a quiet period the
slot restarts at "now", so no one-second window ever holds more than ``rate`` sends.
The 24-hour quota is a counter on the same row, decremented as slots are handed out.

The configured rate is multiplied by ``SES_RATE_HEADROOM`` (default 0.97) to absorb
clock and network jitter between processes.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SendRateBucket

DEFAULT_KEY = "default"
# How far ahead of "now" one process may reserve slots, in seconds.
LOOKAHEAD = 0.25


def headroom() -> float:
    return float(getattr(settings, "SES_RATE_HEADROOM", 0.97))


class QuotaExhausted(Exception):
    """The 24-hour sending quota is used up."""


@dataclass(frozen=True)
class Reservation:
    slots: tuple[float, ...]  # Unix times, one per message; empty if nothing granted
    wait: float = 0.0  # seconds to wait before asking again when nothing was granted
    interval: float = 0.0  # seconds between two sends at the bucket's rate (0 = unlimited)
    rate: float = 0.0  # the configured rate (before headroom); 0 = unlimited


def configure(key: str, *, rate: float | None, day_remaining: int | None,
              day_limit: int | None = None) -> SendRateBucket:
    """Set the rate and quota of a bucket (at campaign start, from GetAccount/settings)."""
    with transaction.atomic():
        bucket, _ = SendRateBucket.objects.select_for_update().get_or_create(key=key)
        bucket.rate = rate
        bucket.day_remaining = day_remaining
        bucket.day_limit = day_limit
        bucket.refreshed_at = timezone.now()
        bucket.save(update_fields=["rate", "day_remaining", "day_limit", "refreshed_at"])
    return bucket


def reserve(key: str, wanted: int, *, now: float | None = None) -> Reservation:
    """Reserve up to ``wanted`` send slots. Must be called inside transaction.atomic()
    or on its own (it opens one); the row lock serialises concurrent processes."""
    if wanted <= 0:
        return Reservation(())
    # Fast path without a write lock: no rate and no quota to count.
    bucket = SendRateBucket.objects.filter(key=key).values("rate", "day_remaining").first()
    if bucket is not None and not bucket["rate"] and bucket["day_remaining"] is None:
        now = time.time() if now is None else now
        return Reservation((now,) * wanted)
    with transaction.atomic():
        bucket, _ = SendRateBucket.objects.select_for_update().get_or_create(key=key)
        now = time.time() if now is None else now
        if bucket.day_remaining is not None:
            if bucket.day_remaining <= 0:
                raise QuotaExhausted(
                    f"The 24-hour sending quota ({bucket.day_limit or 'set'} messages) is used up.")
            wanted = min(wanted, bucket.day_remaining)
        if not bucket.rate:
            slots = (now,) * wanted
            if bucket.day_remaining is not None:
                bucket.day_remaining -= wanted
                bucket.save(update_fields=["day_remaining"])
            return Reservation(slots)
        rate = bucket.rate * headroom()
        interval = 1.0 / rate
        start = max(now, bucket.next_slot)
        horizon = now + LOOKAHEAD
        if start > horizon:
            return Reservation((), wait=start - horizon, interval=interval, rate=bucket.rate)
        granted = min(wanted, max(1, math.floor((horizon - start) * rate) + 1))
        slots = tuple(start + i * interval for i in range(granted))
        bucket.next_slot = start + granted * interval
        fields = ["next_slot"]
        if bucket.day_remaining is not None:
            bucket.day_remaining -= granted
            fields.append("day_remaining")
        bucket.save(update_fields=fields)
        return Reservation(slots, interval=interval, rate=bucket.rate)


def give_back(key: str, unused: int) -> None:
    """Return unused quota (e.g. fewer rows than slots). Slots in time are not returned."""
    if unused <= 0:
        return
    with transaction.atomic():
        bucket = SendRateBucket.objects.select_for_update().filter(key=key).first()
        if bucket and bucket.day_remaining is not None:
            bucket.day_remaining += unused
            bucket.save(update_fields=["day_remaining"])
