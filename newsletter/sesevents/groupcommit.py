"""Group commit: the appends of concurrent webhook requests in one INSERT and one commit.

SNS posts many messages at once, so the threads of a web process often hold verified
messages at the same moment. Each statement and commit costs far more than a row (a
round trip to PostgreSQL, a WAL write on SQLite), so instead of one INSERT each:

- a request puts its row in the queue; if no thread is writing, it becomes the writer;
- the writer takes every row queued (at most ``MAX_GROUP``) and writes them with one
  ``INSERT … ON CONFLICT DO NOTHING`` in autocommit, then requests the background apply
  once (``tasks.request_apply``) for the group;
- rows queued meanwhile wait for the next writer, the first of them, which is woken
  when the write ends. Nobody waits on purpose: a group is whatever arrived while the
  previous one was written, and a lone request writes at once.

Each request returns (and the webhook answers 200) only after the commit of its own
group. If a group's statement fails, its rows are written one by one, so one bad row
fails only its own request (answered 500; SNS retries), never its neighbours'.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from . import handlers, tasks

MAX_GROUP = 50


class NotWritten(Exception):
    """The write of a row's group was interrupted before the row's fate was known."""


class _Waiting:
    __slots__ = ("error", "finished", "leads", "result", "row", "woken")

    def __init__(self, row: handlers.Append):
        self.row = row
        self.result: int | None = None
        self.error: BaseException | None = NotWritten()  # until its write returns
        self.finished = False
        self.leads = False
        self.woken = threading.Event()


class GroupAppender:
    """Appends rows for concurrent callers, ``write(rows) -> ids`` per group."""

    def __init__(self, write: Callable[[list[handlers.Append]], list[int | None]]):
        self._write = write
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._writing = False

    def append(self, row: handlers.Append) -> int | None:
        """The row's new id, or None if its MessageId was seen before; returns once the
        row is committed. Raises what writing the row raised."""
        me = _Waiting(row)
        with self._lock:
            self._queue.append(me)
            if not self._writing:
                self._writing = me.leads = True
        if not me.leads:
            me.woken.wait()
        if not me.finished:  # started or woken to write the next group, ours included
            self._write_next_group()
        if me.error is not None:
            raise me.error
        return me.result

    def _write_next_group(self) -> None:
        with self._lock:
            group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
        try:
            self._settle(group, lambda: self._write([waiting.row for waiting in group]))
            if len(group) > 1 and any(waiting.error is not None for waiting in group):
                for waiting in group:  # one by one: a bad row fails alone
                    self._settle([waiting], lambda row=waiting.row: self._write([row]))
        finally:
            with self._lock:
                if self._queue:
                    self._queue[0].leads = True
                    self._queue[0].woken.set()
                else:
                    self._writing = False
            for waiting in group:
                waiting.finished = True
                waiting.woken.set()

    @staticmethod
    def _settle(group: list[_Waiting], write: Callable[[], list[int | None]]) -> None:
        try:
            results = write()
        except Exception as exc:
            for waiting in group:
                waiting.error = exc
            return
        for waiting, result in zip(group, results, strict=True):
            waiting.result, waiting.error = result, None


def write_and_request_apply(rows: list[handlers.Append]) -> list[int | None]:
    """One INSERT for the group, then one background-apply request if a row is new."""
    ids = handlers.insert_many(rows)
    if any(row_id is not None for row_id in ids):
        tasks.request_apply()
    return ids


appender = GroupAppender(write_and_request_apply)
