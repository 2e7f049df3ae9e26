"""A small in-process cache of loaded Issues (``IssuePage.as_issue()``).

Entries are keyed by what an Issue depends on: the issue page, the active language, the
site URL and the content generation (cms.models.generation), which goes up after every
committed content write in any process. An entry also expires after
``ISSUE_CACHE_SECONDS`` (cms.conf), which bounds how stale content can be if a process
died between its commit and its bump. A content write in this process empties the cache
at once, and nothing is stored while the current transaction holds uncommitted content
writes. Issues are frozen dataclasses of plain values: callers share them read-only.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from . import conf
from .items import Issue

MAX_ENTRIES = 32

_entries: OrderedDict[Hashable, tuple[float, Issue]] = OrderedDict()
_lock = threading.Lock()
_bypassed: ContextVar[bool] = ContextVar("issue_cache_bypassed", default=False)
clock = time.monotonic  # the cache's clock (tests move it)


def enabled() -> bool:
    return conf.issue_cache_seconds() > 0 and not _bypassed.get()


def get_or_load(key: Hashable, load: Callable[[], Issue], *, store: bool = True) -> Issue:
    """The Issue cached under ``key`` if it is younger than ISSUE_CACHE_SECONDS, else
    ``load()``, kept under ``key`` when ``store`` is set."""
    max_age = conf.issue_cache_seconds()
    now = clock()
    with _lock:
        entry = _entries.get(key)
        if entry is not None and now - entry[0] < max_age:
            _entries.move_to_end(key)
            return entry[1]
    issue = load()
    if store:
        with _lock:
            _entries[key] = (now, issue)
            _entries.move_to_end(key)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return issue


def clear() -> None:
    with _lock:
        _entries.clear()


@contextmanager
def bypassed() -> Iterator[None]:
    """Load every Issue afresh inside the block (what query-count tests measure)."""
    token = _bypassed.set(True)
    try:
        yield
    finally:
        _bypassed.reset(token)
