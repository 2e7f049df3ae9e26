"""The delivery loop of one worker process for one campaign.

Main thread: claim a small batch of due rows (committed as ``sending``), reserve send
slots from the shared rate bucket, build each MIME message (cheap: the issue was
rendered once), and hand it to a thread pool at its slot time. Pool threads only make
the transport call. The main thread settles results in small batches, heartbeats, and
watches the campaign's state (pause/cancel from the editor stop new claims at once;
calls already in flight are settled).
"""

from __future__ import annotations

import collections
import functools
import itertools
import logging
import os
import queue
import socket
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from newsletter.rendering.builder import new_message_id
from newsletter.transports import (
    AccountError,
    OutgoingMessage,
    PermanentError,
    TemporaryError,
    Transport,
    get_transport,
)

from . import ledger, ratelimit
from .messages import SnapshotMessageBuilder
from .models import Campaign, CampaignState, Delivery, DeliveryWorker, SendRateBucket
from .retry import Outcome, RetryPolicy, classify

logger = logging.getLogger(__name__)


# How late (seconds) a paced call may be and still go out without pushing the next one
# back: thread switching delays wake-ups by a few milliseconds, and strict spacing
# would turn every such delay into lost rate. The sliding-second cap still holds.
PACE_TOLERANCE = 0.02


class MessageBuilder(Protocol):
    sender: str

    def build(self, delivery: Delivery, message_id: str) -> bytes: ...


@dataclass
class RunReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    unknown: int = 0
    retried: int = 0
    paused_reason: str = ""
    stopped_because: str = ""
    outcomes: dict = field(default_factory=dict)


def bucket_key(transport: Transport) -> str:
    return f"{transport.name}"


def default_concurrency() -> int:
    return int(getattr(settings, "CAMPAIGN_CONCURRENCY", 48))


def message_id_for(delivery: Delivery) -> str:
    """``c<campaign>.d<delivery>.<random>@<sender's domain>``: traceable to its row."""
    return new_message_id(f"c{delivery.campaign_id}.d{delivery.pk}")


def heartbeat_every() -> float:
    """A fifth of the time after which a silent worker counts as dead, at most 5 s."""
    return min(5.0, ledger.worker_dead_after().total_seconds() / 5)


class _Heart:
    def __init__(self, worker: DeliveryWorker):
        self.worker = worker
        self.last = 0.0

    def beat(self, force: bool = False):
        now = time.monotonic()
        if force or now - self.last >= heartbeat_every():
            DeliveryWorker.objects.filter(pk=self.worker.pk).update(heartbeat_at=timezone.now())
            self.last = now


def run_campaign(campaign_id: int, *, transport: Transport | None = None,
                 builder: MessageBuilder | None = None, concurrency: int | None = None,
                 policy: RetryPolicy | None = None, max_seconds: float | None = None,
                 sleep=time.sleep) -> RunReport:
    """Send the campaign's due rows until none are left, the campaign leaves ``sending``,
    or ``max_seconds`` pass. Safe to run in several processes at once."""
    report = RunReport()
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.state != CampaignState.SENDING:
        report.stopped_because = f"campaign is {campaign.state}"
        return report
    ledger.recover_stale(campaign_id)
    transport = transport or get_transport()
    builder = builder or build_message_builder(campaign)
    policy = policy or RetryPolicy.from_settings()
    concurrency = concurrency or default_concurrency()
    key = bucket_key(transport)
    if not SendRateBucket.objects.filter(key=key).exists():
        configure_rate(transport)  # started elsewhere with another transport: read ours
    worker = DeliveryWorker.objects.create(campaign=campaign, hostname=socket.gethostname()[:255],
                                           pid=os.getpid())
    heart = _Heart(worker)
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    group = max(1, min(concurrency, 64))
    min_group = max(1, min(group, concurrency // 2))
    settle_batch = max(1, min(64, concurrency))
    settled_at = time.monotonic()
    in_flight: dict[int, tuple[Delivery, Future]] = {}
    done: list[tuple[Delivery, Outcome]] = []
    active = True

    pace_lock, pace, recent = threading.Lock(), [0.0], collections.deque()
    window_share = ratelimit.headroom()
    completed: queue.SimpleQueue = queue.SimpleQueue()  # (call_key, result) from pool threads

    def call(call_key: int, message: OutgoingMessage, slot: float):
        # The thread waits for its slot, so the main thread can prepare the next batch
        # meanwhile; a free thread is guaranteed (never more calls than threads). The
        # final pacing runs in ``message.ready``, which the transport calls right
        # before the message leaves (after serialising and signing).
        try:
            delay = slot - time.time()
            if delay > 0:
                sleep(delay)
            if not transport.calls_ready:
                message.about_to_leave()
            result = transport.send(message)
        except BaseException as exc:  # noqa: BLE001 - every failure is classified
            result = exc
        completed.put((call_key, result))

    def _pace(interval: float, rate: float):
        # Decided at the real moment of sending, under one lock, as a local GCRA with
        # a small tolerance: a thread that woke a few milliseconds late (thread
        # switching) may catch up, but after a stall late slots are spread out again at
        # the rate, never sent as a burst. And no sliding second of this process holds
        # more than the rate times SES_RATE_HEADROOM, the bucket's own average: the
        # catch-up never lifts a second above it.
        cap = max(1, int(rate * window_share))
        while True:
            with pace_lock:
                now = time.time()
                start = max(now, pace[0] - PACE_TOLERANCE)
                if len(recent) >= cap:
                    start = max(start, recent[0] + 1.0)
                if start <= now:
                    pace[0] = max(pace[0], now) + interval
                    recent.append(now)
                    if len(recent) > cap:
                        recent.popleft()
                    return
            sleep(start - now)

    def collect(block: bool) -> None:
        """Move finished calls from the completion queue to ``done``."""
        try:
            item = completed.get(timeout=0.5) if block else completed.get_nowait()
        except queue.Empty:
            return
        while True:
            call_key, result = item
            row, _future = in_flight.pop(call_key)
            done.append((row, classify(result, row.attempts, policy)))
            try:
                item = completed.get_nowait()
            except queue.Empty:
                return

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="send")
    call_keys = itertools.count()
    claimed: list[Delivery] = []  # the current group, while it is being handed over
    dispatched = 0
    try:
        while True:
            heart.beat()
            collect(block=False)
            # 1. settle in batches (one short transaction each), promptly enough that
            # progress stays live and a crash leaves few rows to call unknown.
            if done and (len(done) >= settle_batch or not in_flight
                         or time.monotonic() - settled_at >= 0.2):
                settled_at = time.monotonic()
                if _settle(campaign, done, policy, report):
                    active = False
                    report.stopped_because = "paused by the engine"
                done = []
            if not active:
                if not in_flight:
                    break
                collect(block=True)
                continue
            # 2. Never more calls than threads: a message handed over at its slot time
            # starts at once, so queued calls cannot bunch up above the rate later.
            room = concurrency - len(in_flight)
            if room < min_group:
                collect(block=True)
                continue
            # 3. is the campaign still sending? (checked before every claim)
            state = Campaign.objects.filter(pk=campaign_id).values_list("state", flat=True).first()
            if state != CampaignState.SENDING:
                active = False
                report.stopped_because = f"campaign is {state}"
                continue
            if deadline is not None and time.monotonic() >= deadline:
                active = False
                report.stopped_because = "time slice over"
                continue
            # 4. reserve slots, claim rows, build and dispatch
            try:
                reservation = ratelimit.reserve(key, min(room, group))
            except ratelimit.QuotaExhausted as exc:
                _pause(campaign, str(exc))
                report.paused_reason = str(exc)
                active = False
                continue
            if not reservation.slots:
                sleep(min(reservation.wait, 0.25))
                continue
            rows = ledger.claim(campaign_id, worker.pk, len(reservation.slots))
            claimed, dispatched = rows, 0  # claimed[dispatched:] were never handed over
            ratelimit.give_back(key, len(reservation.slots) - len(rows))
            if not rows:
                if in_flight:
                    collect(block=True)
                    continue
                if ledger.has_work(campaign_id):  # rows waiting for their retry time
                    sleep(0.2)
                    continue
                report.stopped_because = "nothing left to send"
                break
            rows, skipped = _still_sendable(rows)
            for row, reason in skipped:
                done.append((row, Outcome("skipped", reason=reason)))
            claimed, dispatched = rows, 0
            pacer = (functools.partial(_pace, reservation.interval, reservation.rate)
                     if reservation.interval else None)
            for row, slot in zip(rows, reservation.slots, strict=False):
                message_id = message_id_for(row)
                try:
                    raw = builder.build(row, message_id)
                except Exception as exc:  # noqa: BLE001 - a bad row must not stop the run
                    logger.exception("Could not build message for delivery %s", row.pk)
                    done.append((row, Outcome("failed", reason=f"Could not build the message: {exc}")))
                    dispatched += 1
                    continue
                message = OutgoingMessage(
                    sender=builder.sender, recipient=row.subscriber.email, raw=raw,
                    message_id=message_id,
                    tags={"campaign": str(campaign_id), "delivery": str(row.pk)},
                    ready=pacer)
                call_key = next(call_keys)
                in_flight[call_key] = (row, pool.submit(call, call_key, message, slot))
                dispatched += 1
            claimed = []
    finally:
        # Settle whatever finished. Rows claimed but never handed over, and calls that
        # never started (cancelled), go back to pending untouched. Calls still running
        # stay ``sending`` and are recovered as ``unknown`` by the next worker (we
        # cannot know their outcome).
        pool.shutdown(wait=False, cancel_futures=True)
        collect(block=False)
        never_started = [call_key for call_key, (_row, future) in in_flight.items()
                         if future.cancelled()]
        unsent = claimed[dispatched:] + [in_flight.pop(call_key)[0] for call_key in never_started]
        if unsent:
            ledger.release(unsent)
        if done:
            _settle(campaign, done, policy, report)
        if not in_flight:
            DeliveryWorker.objects.filter(pk=worker.pk).delete()
    maybe_finish(campaign_id)
    return report


def _settle(campaign, done, policy, report: RunReport) -> None:
    ledger.settle(done, policy)
    pause_reason = ""
    for _row, outcome in done:
        report.outcomes[outcome.kind] = report.outcomes.get(outcome.kind, 0) + 1
        if outcome.kind == "sent":
            report.sent += 1
        elif outcome.kind == "failed":
            report.failed += 1
        elif outcome.kind == "skipped":
            report.skipped += 1
        elif outcome.kind == "unknown":
            report.unknown += 1
        elif outcome.kind == "retry":
            report.retried += 1
        elif outcome.kind == "pause":
            pause_reason = outcome.reason
    if pause_reason:
        _pause(campaign, pause_reason)
        report.paused_reason = pause_reason
    return bool(pause_reason)


def _pause(campaign: Campaign, reason: str) -> None:
    from .actions import log_engine_pause

    updated = Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SENDING).update(
        state=CampaignState.PAUSED, paused_at=timezone.now(), pause_reason=reason[:2000])
    if updated:
        logger.warning("Campaign %s paused: %s", campaign.pk, reason)
        log_engine_pause(campaign, reason)


def _still_sendable(rows: list[Delivery]):
    """Status and suppression are checked again at send time."""
    from newsletter.subscribers.models import Subscriber

    ids = [row.subscriber_id for row in rows]
    ok = set(Subscriber.objects.sendable().filter(pk__in=ids).values_list("pk", flat=True))
    keep, skipped = [], []
    for row in rows:
        if row.subscriber_id in ok:
            keep.append(row)
        else:
            status = row.subscriber.status if row.subscriber.email else "erased"
            skipped.append((row, f"Not sent: the subscriber is {status} or suppressed now."))
    return keep, skipped


def maybe_finish(campaign_id: int) -> bool:
    """sending -> finished once every row is settled."""
    if not ledger.is_complete(campaign_id):
        return False
    updated = Campaign.objects.filter(pk=campaign_id, state=CampaignState.SENDING).update(
        state=CampaignState.FINISHED, finished_at=timezone.now())
    if updated:
        from .actions import log_engine_finish

        log_engine_finish(Campaign.objects.get(pk=campaign_id))
    return bool(updated)


def build_message_builder(campaign: Campaign) -> MessageBuilder:
    """The campaign's snapshot, personalised per subscriber (tests pass ``builder=``
    to ``run_campaign`` instead)."""
    return SnapshotMessageBuilder(campaign)


def transport_quota(transport: Transport):
    """(rate, day_remaining, day_limit) from the provider, or (None, None, None)."""
    get_quota = getattr(transport, "get_quota", None)
    if get_quota is None:
        return None, None, None
    quota = get_quota()
    if not quota.sending_enabled:
        raise AccountError("Sending is disabled for this SES account.")
    limit = None if quota.max_24_hour_send < 0 else int(quota.max_24_hour_send)
    return quota.max_send_rate, quota.remaining_24_hours, limit


def configure_rate(transport: Transport) -> float | None:
    """Read GetAccount (when the transport has it) and set the shared bucket.
    SES_MAX_SEND_RATE overrides the account's rate. Returns the rate in use."""
    override = getattr(settings, "SES_MAX_SEND_RATE", None)
    try:
        rate, remaining, limit = transport_quota(transport)
    except (TemporaryError, PermanentError) as exc:
        # e.g. no ses:GetAccount permission. With an explicit rate we can still send
        # safely; only the 24-hour quota guard is lost, so say so. Account errors
        # (sending paused, suspended) still stop the start.
        if not override:
            raise
        logger.warning("GetAccount failed (%s); sending at SES_MAX_SEND_RATE=%s without "
                       "the 24-hour quota guard", exc.reason, override)
        rate, remaining, limit = None, None, None
    if override:
        rate = float(override)
    ratelimit.configure(bucket_key(transport), rate=rate, day_remaining=remaining,
                        day_limit=limit)
    return rate

