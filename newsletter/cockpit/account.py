"""The sending account as the provider reports it (SES GetAccount through the
transport's ``get_quota``), reused for ``COCKPIT_ACCOUNT_CACHE_SECONDS``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from newsletter.transports import TransportError, get_transport
from newsletter.transports.ses import AccountQuota

from . import conf

CACHE_KEY = "cockpit:account-status"


@dataclass(frozen=True)
class AccountStatus:
    transport: str
    quota: AccountQuota | None  # None: the transport has no account (outbox, SMTP) or failed
    error: str = ""

    @property
    def quota_used_percent(self) -> int | None:
        if self.quota is None or self.quota.max_24_hour_send <= 0:
            return None
        return round(self.quota.sent_last_24_hours * 100 / self.quota.max_24_hour_send)


def read_account() -> AccountStatus:
    transport = get_transport()
    try:
        get_quota = getattr(transport, "get_quota", None)
        if get_quota is None:
            return AccountStatus(transport=transport.name, quota=None)
        try:
            return AccountStatus(transport=transport.name, quota=get_quota())
        except TransportError as exc:
            return AccountStatus(transport=transport.name, quota=None, error=str(exc))
    finally:
        transport.close()


def account_status() -> AccountStatus:
    status = cache.get(CACHE_KEY)
    if status is None:
        status = read_account()
        cache.set(CACHE_KEY, status, conf.account_cache_seconds())
    return status
