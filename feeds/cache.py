"""Rendered feeds in Django's cache, keyed so that any change makes a new key.

A key is ``feeds:<generation>:<audit-log stamp>:<name>``:

- the *generation* is a random token in the cache, replaced by ``invalidate()``
  (the signal handlers call it on publish, unpublish, move, delete and privacy changes);
- the *audit-log stamp* (``queries.change_stamp``) changes with every logged Wagtail
  action, so another process (another gunicorn worker with its own LocMemCache) never
  serves a feed that was rendered before a change;
- entries also expire after ``FEEDS_CACHE_SECONDS`` (default 900), which bounds
  staleness from changes that neither path sees (raw SQL, a snippet saved in code).

Each entry keeps the bytes, a strong ETag (a hash of those bytes) and the
Last-Modified time, so a conditional GET is answered from the cache alone.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

from .queries import change_stamp

GENERATION_KEY = "feeds:generation"


@dataclass(frozen=True)
class Rendered:
    body: bytes
    etag: str
    last_modified: datetime | None
    content_type: str


def timeout() -> int:
    return int(getattr(settings, "FEEDS_CACHE_SECONDS", 900))


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


def get_or_render(name: str, render: Callable[[], tuple[bytes, datetime | None]],
                  content_type: str) -> Rendered:
    """The cached rendering of feed ``name``; ``render()`` runs only on a miss and
    returns the bytes and their Last-Modified time."""
    cache_key = key(name)
    entry = cache.get(cache_key)
    if entry is None:
        body, last_modified = render()
        entry = Rendered(body=body, etag=etag_of(body), last_modified=last_modified,
                         content_type=content_type)
        cache.set(cache_key, entry, timeout())
    return entry
