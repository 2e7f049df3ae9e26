"""Rendered feeds in Django's cache, keyed so that any change makes a new key.

A key is ``feeds:<generation>:<audit-log stamp>:<name>``:

- the *generation* is a random token in the cache, replaced by ``invalidate()``
  (the signal handlers call it on publish, unpublish, move, delete and privacy changes);
- the *audit-log stamp* (``queries.change_stamp``) changes with every logged Wagtail
  action, so another process (another gunicorn worker with its own LocMemCache) never
  serves a feed that was rendered before a change;
- entries also expire after ``FEEDS_CACHE_SECONDS`` (default 900), which bounds
  staleness from changes that neither path sees (raw SQL, a snippet saved in code).

Each feed is stored as two entries: its validators (a strong ETag, which is a hash of
the bytes, Last-Modified and the content type) and its bytes. A conditional GET reads
only the small first one; the bytes are read when a body is sent.

``FEEDS_CACHE_ENABLED = False`` renders every request (the benchmark's cold baseline).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from .conf import cache_enabled, cache_seconds
from .queries import change_stamp

GENERATION_KEY = "feeds:generation"
Renderer = Callable[[], tuple[bytes, datetime | None]]


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None
    content_type: str


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY) or "none"
    return token


def invalidate() -> None:
    """Drop every cached feed (by moving to a new generation)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def key(name: str) -> str:
    return f"feeds:{generation()}:{change_stamp()}:{name}"


def etag_of(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


class CachedFeed:
    """One feed for one request: validators at once, bytes when asked for."""

    def __init__(self, name: str, render: Renderer, content_type: str):
        self._render = render
        self._content_type = content_type
        self._body: bytes | None = None
        self._key = key(name) if cache_enabled() else ""
        self.validators: Validators | None = cache.get(self._key) if self._key else None
        if self.validators is None:
            self._do_render()

    def _do_render(self) -> None:
        body, last_modified = self._render()
        self._body = body
        self.validators = Validators(etag_of(body), last_modified, self._content_type)
        if self._key:
            cache.set_many({self._key: self.validators, f"{self._key}:body": body}, cache_seconds())

    @property
    def etag(self) -> str:
        return self.validators.etag

    @property
    def last_modified(self) -> datetime | None:
        return self.validators.last_modified

    @property
    def content_type(self) -> str:
        return self.validators.content_type

    @property
    def body(self) -> bytes:
        if self._body is None:
            self._body = cache.get(f"{self._key}:body")
            if self._body is None or etag_of(self._body) != self.validators.etag:
                self._do_render()  # the bytes were evicted before their validators
        return self._body
