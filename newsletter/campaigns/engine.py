"""The delivery loop of one worker process for one campaign, as a run object made of
small named parts:

- ``Claimer``: reserves send slots from the shared rate bucket, then claims that many
  due rows (committed as ``sending``) and drops those no longer sendable;
- ``Pacer`` (ratelimit): the last word on each message's moment, in the transport's
  ``ready`` hook;
- ``InFlight``: the thread pool making the transport calls (pool threads only call the
  transport, each at its slot time) and the completion queue they report to;
- ``Settler``: writes outcomes in small batches and counts them in the report;
- ``Heartbeat``: keeps the worker's row alive and notices when another process
  declared it dead;
- ``StateWatch``: stops new claims once the campaign leaves ``sending`` (the editor's
  pause/cancel) or the time slice is over; calls in flight are still settled.

Building each MIME message happens on the main thread (cheap: the issue was rendered
once).
"""

from __future__ import annotations

import itertools
import logging
import queue
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.utils import timezone

from newsletter.rendering.builder import new_message_id
from newsletter.subscribers.models import Subscriber
from newsletter.transports import OutgoingMessage, Transport, get_transport

from . import account, audit, conf, ledger, ratelimit, workers
from .messages import SnapshotMessageBuilder
from .models import (
    Campaign,
    CampaignState,
    Delivery,
    DeliveryWorker,
    InvalidTransition,
    SendRateBucket,
)
from .retry import Outcome, OutcomeKind, RetryPolicy, classify

logger = logging.getLogger(__name__)


class MessageBuilder(Protocol):
    sender: str

    def build(self, delivery: Delivery, message_id: str) -> bytes:
        """The raw message; sets ``delivery.language`` to the language it is in (saved
        with the row's outcome)."""


class StopReason(StrEnum):
    """Why a run stopped claiming rows."""

    NOT_SENDING = "campaign is not sending"  # paused, cancelled or finished by others
    ENGINE_PAUSED = "paused by the engine"  # an account error
    QUOTA_USED_UP = "24-hour quota used up"  # the engine paused too
    TIME_SLICE_OVER = "time slice over"  # CAMPAIGN_TASK_MAX_SECONDS
    NOTHING_LEFT = "nothing left to send"
    WORKER_LOST = "declared dead by another worker"  # its heartbeat had stalled


@dataclass
class RunReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    unknown: int = 0
    retried: int = 0
    paused_reason: str = ""
    stopped_because: StopReason | None = None

    def count(self, outcome: Outcome) -> None:
        attribute = {OutcomeKind.SENT: "sent", OutcomeKind.FAILED: "failed",
                     OutcomeKind.SKIPPED: "skipped", OutcomeKind.UNKNOWN: "unknown",
                     OutcomeKind.RETRY: "retried"}.get(outcome.kind)
        if attribute:
            setattr(self, attribute, getattr(self, attribute) + 1)


def message_id_for(delivery: Delivery) -> str:
    """``c<campaign>.d<delivery>.<random>@<sender's domain>``: traceable to its row."""
    return new_message_id(f"c{delivery.campaign_id}.d{delivery.pk}")


class Heartbeat:
    """Refreshes the worker's row every ``conf.heartbeat_every()`` seconds."""

    def __init__(self, worker: DeliveryWorker):
        self.worker = worker
        self.every = conf.heartbeat_every()
        self.last = 0.0

    def beat(self) -> bool:
        """False once another process declared this worker dead (its row is gone)."""
        now = time.monotonic()
        if now - self.last < self.every:
            return True
        self.last = now
        return workers.beat(self.worker)


class StateWatch:
    """Checked before every claim: is the campaign still sending, is there time left?"""

    def __init__(self, campaign_id: int, max_seconds: float | None):
        self.campaign_id = campaign_id
        self.deadline = None if max_seconds is None else time.monotonic() + max_seconds

    def stop_reason(self) -> StopReason | None:
        state = Campaign.objects.filter(pk=self.campaign_id).values_list("state", flat=True).first()
        if state != CampaignState.SENDING:
            return StopReason.NOT_SENDING
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return StopReason.TIME_SLICE_OVER
        return None


@dataclass
class Claim:
    rows: list[Delivery]  # claimed and sendable, one slot each
    skipped: list[tuple[Delivery, str]]  # claimed but not sendable any more, with why
    reservation: ratelimit.Reservation


class Claimer:
    """Slots first, then rows: a claim never holds rows it has no slot for."""

    def __init__(self, campaign_id: int, worker_id: uuid.UUID, bucket_key: str, group: int):
        self.campaign_id, self.worker_id = campaign_id, worker_id
        self.bucket_key, self.group = bucket_key, group

    def reserve(self, room: int) -> ratelimit.Reservation:
        """Raises ratelimit.QuotaExhausted when the 24-hour quota is used up."""
        return ratelimit.reserve(self.bucket_key, min(room, self.group))

    def claim(self, reservation: ratelimit.Reservation) -> list[Delivery]:
        rows = ledger.claim(self.campaign_id, self.worker_id, len(reservation.slots))
        ratelimit.give_back(self.bucket_key, len(reservation.slots) - len(rows))
        return rows

    @staticmethod
    def split_sendable(rows: list[Delivery]) -> tuple[list[Delivery], list[tuple[Delivery, str]]]:
        """Status and suppression are checked again at send time."""
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


class InFlight:
    """Transport calls on a thread pool. Never more calls than threads: a message handed
    over at its slot time starts at once, so queued calls cannot bunch up above the
    rate later. Finished calls arrive through a completion queue."""

    def __init__(self, transport: Transport, concurrency: int, sleep):
        self.transport, self.concurrency, self.sleep = transport, concurrency, sleep
        self.pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="send")
        self.calls: dict[int, tuple[Delivery, Future]] = {}
        self.completed: queue.SimpleQueue = queue.SimpleQueue()  # (call key, result)
        self.keys = itertools.count()

    def __len__(self) -> int:
        return len(self.calls)

    @property
    def room(self) -> int:
        return self.concurrency - len(self.calls)

    def submit(self, row: Delivery, message: OutgoingMessage, slot: float) -> None:
        key = next(self.keys)
        self.calls[key] = (row, self.pool.submit(self._call, key, message, slot))

    def _call(self, key: int, message: OutgoingMessage, slot: float) -> None:
        # The thread waits for its slot, so the main thread can prepare the next batch
        # meanwhile. The final pacing runs in ``message.ready``, which the transport
        # calls right before the message leaves (after serialising and signing).
        try:
            delay = slot - time.time()
            if delay > 0:
                self.sleep(delay)
            if not self.transport.calls_ready:
                message.about_to_leave()
            result = self.transport.send(message)
        except BaseException as exc:  # noqa: BLE001 - every failure is classified
            result = exc
        self.completed.put((key, result))

    def finished(self, *, block: bool) -> list[tuple[Delivery, object]]:
        """(row, SendResult or exception) of the calls that finished; ``block`` waits up
        to half a second for the first."""
        results = []
        try:
            item = self.completed.get(timeout=0.5) if block else self.completed.get_nowait()
            while True:
                key, result = item
                results.append((self.calls.pop(key)[0], result))
                item = self.completed.get_nowait()
        except queue.Empty:
            return results

    def close(self) -> list[Delivery]:
        """Stop the pool; returns the rows whose calls never started. Calls still
        running stay in ``calls``: their outcome cannot be known here."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        never_started = [key for key, (_row, future) in self.calls.items() if future.cancelled()]
        return [self.calls.pop(key)[0] for key in never_started]


class Settler:
    """Outcomes are written in batches (one short transaction each), promptly enough
    that progress stays live and a crash leaves few rows to call unknown."""

    EVERY = 0.2  # seconds

    def __init__(self, campaign_id: int, policy: RetryPolicy, report: RunReport, batch: int):
        self.campaign_id, self.policy, self.report, self.batch = campaign_id, policy, report, batch
        self.waiting: list[tuple[Delivery, Outcome]] = []
        self.last = time.monotonic()

    def add(self, row: Delivery, outcome: Outcome) -> None:
        self.waiting.append((row, outcome))

    def add_result(self, row: Delivery, result) -> None:
        self.add(row, classify(result, row.attempts, self.policy))

    def due(self, *, calls_in_flight: bool) -> bool:
        return bool(self.waiting) and (len(self.waiting) >= self.batch or not calls_in_flight
                                       or time.monotonic() - self.last >= self.EVERY)

    def flush(self) -> bool:
        """Write the waiting outcomes; True if an account error paused the campaign."""
        self.last = time.monotonic()
        done, self.waiting = self.waiting, []
        if not done:
            return False
        ledger.settle(done, self.policy)
        pause_reason = ""
        for _row, outcome in done:
            self.report.count(outcome)
            if outcome.kind == OutcomeKind.PAUSE:
                pause_reason = outcome.reason
        if pause_reason:
            pause(self.campaign_id, pause_reason, self.report)
        return bool(pause_reason)


class CampaignRun:
    """One worker's run over one campaign; ``run()`` drives the parts above."""

    def __init__(self, campaign: Campaign, *, transport: Transport, builder: MessageBuilder,
                 concurrency: int, policy: RetryPolicy, max_seconds: float | None, sleep,
                 worker: DeliveryWorker):
        self.campaign_id, self.builder, self.sleep = campaign.pk, builder, sleep
        self.report = RunReport()
        self.worker = worker
        self.heart = Heartbeat(worker)
        self.watch = StateWatch(campaign.pk, max_seconds)
        group = max(1, min(concurrency, 64))
        self.min_group = max(1, min(group, concurrency // 2))
        self.claimer = Claimer(campaign.pk, worker.pk, transport.name, group)
        self.pacer = ratelimit.Pacer(sleep)
        self.calls = InFlight(transport, concurrency, sleep)
        self.settler = Settler(campaign.pk, policy, self.report, batch=max(1, min(64, concurrency)))
        self.tags = {"campaign": str(campaign.pk)}
        # The group being handed over: claimed[handed_over:] were never given to the pool.
        self.claimed: list[Delivery] = []
        self.handed_over = 0

    def run(self) -> RunReport:
        try:
            while self.step():
                pass
        finally:
            self.wind_down()
        return self.report

    def stop(self, reason: StopReason) -> None:
        if self.report.stopped_because is None:
            self.report.stopped_because = reason

    def collect(self, *, block: bool) -> None:
        for row, result in self.calls.finished(block=block):
            self.settler.add_result(row, result)

    def step(self) -> bool:
        """One turn of the loop; False when the run is over."""
        if not self.heart.beat():
            self.stop(StopReason.WORKER_LOST)
        self.collect(block=False)
        if self.settler.due(calls_in_flight=bool(self.calls)) and self.settler.flush():
            self.stop(StopReason.ENGINE_PAUSED)
        if self.report.stopped_because is not None:  # no new claims; drain the calls
            if not self.calls:
                return False
            self.collect(block=True)
            return True
        room = self.calls.room
        if room < self.min_group:
            self.collect(block=True)
            return True
        reason = self.watch.stop_reason()
        if reason is not None:
            self.stop(reason)
            return True
        return self.claim_and_dispatch(room)

    def claim_and_dispatch(self, room: int) -> bool:
        try:
            reservation = self.claimer.reserve(room)
        except ratelimit.QuotaExhausted as exc:
            pause(self.campaign_id, str(exc), self.report)
            self.stop(StopReason.QUOTA_USED_UP)
            return True
        if not reservation.slots:
            self.sleep(min(reservation.wait, 0.25))
            return True
        self.claimed, self.handed_over = self.claimer.claim(reservation), 0
        if not self.claimed:
            if self.calls:
                self.collect(block=True)
                return True
            if ledger.has_work(self.campaign_id):  # rows waiting for their retry time
                self.sleep(0.2)
                return True
            self.stop(StopReason.NOTHING_LEFT)
            return False
        rows, skipped = Claimer.split_sendable(self.claimed)
        for row, reason in skipped:
            self.settler.add(row, Outcome(OutcomeKind.SKIPPED, reason=reason))
        self.claimed = rows
        ready = self.pacer.hook(reservation)
        for row, slot in zip(rows, reservation.slots, strict=False):
            message = self.build(row, ready)
            if message is not None:
                self.calls.submit(row, message, slot)
            self.handed_over += 1
        self.claimed = []
        return True

    def build(self, row: Delivery, ready) -> OutgoingMessage | None:
        message_id = message_id_for(row)
        try:
            raw = self.builder.build(row, message_id)
        except Exception as exc:  # noqa: BLE001 - a bad row must not stop the run
            logger.exception("Could not build message for delivery %s", row.pk)
            self.settler.add(row, Outcome(OutcomeKind.FAILED,
                                          reason=f"Could not build the message: {exc}"))
            return None
        return OutgoingMessage(sender=self.builder.sender, recipient=row.subscriber.email,
                               raw=raw, message_id=message_id,
                               tags={**self.tags, "delivery": str(row.pk)}, ready=ready)

    def wind_down(self) -> None:
        """Settle whatever finished. Rows claimed but never handed over, and calls that
        never started, go back to pending untouched. Calls still running stay
        ``sending``, and their worker row stays for recovery: they become ``unknown``
        (on this host at once, elsewhere once the heartbeat is stale)."""
        never_started = self.calls.close()
        self.collect(block=False)
        unsent = self.claimed[self.handed_over:] + never_started
        if unsent:
            ledger.release(unsent)
        self.settler.flush()
        workers.unregister(self.worker, delete=not self.calls)


def run_campaign(campaign_id: int, *, transport: Transport | None = None,
                 builder: MessageBuilder | None = None, concurrency: int | None = None,
                 policy: RetryPolicy | None = None, max_seconds: float | None = None,
                 sleep=time.sleep, worker_id: uuid.UUID | None = None) -> RunReport:
    """Send the campaign's due rows until none are left, the campaign leaves ``sending``,
    or ``max_seconds`` pass. Safe to run in several processes at once. ``worker_id``
    names the run (the delivery task's id, so recovery can tell which task died)."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.state != CampaignState.SENDING:
        return RunReport(stopped_because=StopReason.NOT_SENDING)
    ledger.recover_stale(campaign_id)
    transport = transport or get_transport()
    builder = builder or build_message_builder(campaign)
    if not SendRateBucket.objects.filter(key=transport.name).exists():
        account.configure_rate(transport)  # started elsewhere with another transport: read ours
    worker = workers.register(campaign_id, worker_id)
    report = CampaignRun(campaign, transport=transport, builder=builder,
                         concurrency=concurrency or conf.concurrency(),
                         policy=policy or RetryPolicy.from_settings(), max_seconds=max_seconds,
                         sleep=sleep, worker=worker).run()
    maybe_finish(campaign_id)
    return report


def pause(campaign_id: int, reason: str, report: RunReport) -> None:
    """The engine pauses the campaign (an account error, the quota) with the reason."""
    report.paused_reason = reason
    campaign = Campaign.objects.get(pk=campaign_id)
    try:
        campaign.move_to(CampaignState.PAUSED, paused_at=timezone.now(), pause_reason=reason[:2000])
    except InvalidTransition:
        return  # paused, cancelled or finished meanwhile
    logger.warning("Campaign %s paused: %s", campaign_id, reason)
    audit.engine_pause(campaign, reason)


def maybe_finish(campaign_id: int) -> bool:
    """sending -> finished once every row is settled."""
    if not ledger.is_complete(campaign_id):
        return False
    campaign = Campaign.objects.filter(pk=campaign_id, state=CampaignState.SENDING).first()
    if campaign is None:
        return False
    try:
        campaign.move_to(CampaignState.FINISHED, finished_at=timezone.now())
    except InvalidTransition:
        return False
    audit.engine_finish(campaign)
    return True


def build_message_builder(campaign: Campaign) -> MessageBuilder:
    """The campaign's snapshot, personalised per subscriber (tests pass ``builder=``
    to ``run_campaign`` instead)."""
    return SnapshotMessageBuilder(campaign)
