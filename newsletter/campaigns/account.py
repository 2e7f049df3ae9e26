"""The sending account: its rate and 24-hour quota (SES GetAccount) into the shared
bucket. Called at campaign start and resume, and by a run whose transport has no bucket
yet."""

from __future__ import annotations

import logging

from newsletter.transports import AccountError, PermanentError, TemporaryError, Transport

from . import conf, ratelimit

logger = logging.getLogger(__name__)


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
    override = conf.max_send_rate()
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
    ratelimit.configure(transport.name, rate=rate, day_remaining=remaining, day_limit=limit)
    return rate
