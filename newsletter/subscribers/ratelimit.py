"""A fixed-window request counter per client IP in Django's cache.

Configure a cache shared by every web process in production (e.g. the database or
Redis cache); the default local-memory cache counts per process."""

from __future__ import annotations

import time

from django.core.cache import cache

from . import conf


def client_ip(request) -> str | None:
    value = request.META.get(conf.client_ip_header()) or request.META.get("REMOTE_ADDR")
    if not value:
        return None
    return value.split(",")[0].strip() or None


def allow(scope: str, request) -> bool:
    """Count this request; False once the IP made more than the limit in this window."""
    limit, window = conf.rate_limit()
    if limit <= 0:
        return True
    bucket = int(time.time() // window)
    key = f"subscribers:ratelimit:{scope}:{client_ip(request) or 'unknown'}:{bucket}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    return count <= limit
