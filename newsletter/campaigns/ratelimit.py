"""The send rate shared by every worker process through the database.

A generic-cell-rate bucket: one row holds the time of the next free send slot. A
process reserves a small batch of slots in one short locked transaction and sends each
message no earlier than its slot. There is no burst credit: after a quiet period the
slot restarts at "now", so no one-second window ever holds more than ``rate`` sends.
The 24-hour quota is a counter on the same row, decremented as slots are handed out.

The configured rate is multiplied by ``SES_RATE_HEADROOM`` (default 0.97) to absorb
clock and network jitter between processes. A bucket's key is the transport's name.

``Pacer`` is the per-process half: the final decision, taken in the transport's
``ready`` hook right before a message leaves.
"""

from __future__ import annotations

import collections
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import conf
from .models import SendRateBucket

# How far ahead of "now" one process may reserve slots, in seconds.
LOOKAHEAD = 0.25
# How late (seconds) a paced call may be and still go out without pushing the next one
# back: thread switching delays wake-ups by a few milliseconds, and strict spacing
# would turn every such delay into lost rate. The sliding-second cap still holds.
PACE_TOLERANCE = 0.02


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
        rate = bucket.rate * conf.rate_headroom()
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


class Pacer:
    """The per-process pacing of one run, decided at the real moment of sending under
    one lock, as a local GCRA with a small tolerance: a thread that woke a few
    milliseconds late (thread switching) may catch up, but after a stall late slots are
    spread out again at the rate, never sent as a burst. And no sliding second of this
    process holds more than the rate times SES_RATE_HEADROOM, the bucket's own average:
    the catch-up never lifts a second above it."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep):
        self.sleep = sleep
        self.lock = threading.Lock()
        self.next_slot = 0.0
        self.recent: collections.deque[float] = collections.deque()  # last second's sends
        self.window_share = conf.rate_headroom()

    def hook(self, reservation: Reservation) -> Callable[[], None] | None:
        """The ``OutgoingMessage.ready`` hook for messages sent on ``reservation``'s
        slots; None when the rate is unlimited."""
        if not reservation.interval:
            return None
        interval, cap = reservation.interval, max(1, int(reservation.rate * self.window_share))
        return lambda: self.pace(interval, cap)

    def pace(self, interval: float, cap: int) -> None:
        while True:
            with self.lock:
                now = time.time()
                start = max(now, self.next_slot - PACE_TOLERANCE)
                if len(self.recent) >= cap:
                    start = max(start, self.recent[0] + 1.0)
                if start <= now:
                    self.next_slot = max(self.next_slot, now) + interval
                    self.recent.append(now)
                    if len(self.recent) > cap:
                        self.recent.popleft()
                    return
            self.sleep(start - now)
