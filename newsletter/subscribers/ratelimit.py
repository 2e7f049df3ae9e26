"""A fixed-window request counter per client IP in Django's cache.

Configure a cache shared by every web process in production (e.g. the database or
Redis cache); the default local-memory cache counts per process."""

from __future__ import annotations

import ipaddress
import time

from django.core.cache import cache

from . import conf


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's IP address. Behind proxies (SUBSCRIBERS_CLIENT_IP_HEADER set to a
    header such as HTTP_X_FORWARDED_FOR) it is read from the right: each of the
    TRUSTED_PROXY_COUNT proxies appends the address it saw, so the entry that many places
    from the right is the last one a trusted proxy wrote. Anything further left came from
    the client and is ignored. A header with fewer entries, or a value that is not an IP
    address, falls back to REMOTE_ADDR."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    header = conf.client_ip_header()
    if header == "REMOTE_ADDR":
        return remote
    entries = [part for part in (request.META.get(header) or "").split(",") if part.strip()]
    hops = conf.trusted_proxy_count()
    if len(entries) < hops:
        return remote
    return _address(entries[-hops]) or remote


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
