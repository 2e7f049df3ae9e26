"""The cockpit's settings, each with its one default."""

from __future__ import annotations

from django.conf import settings


def _get(name: str, default, cast):
    value = getattr(settings, name, None)
    return default if value is None or value == "" else cast(value)


def worker_silence_seconds() -> float:
    """Warn when no worker has shown a sign of life for this long while a campaign is
    sending or due."""
    return _get("COCKPIT_WORKER_SILENCE_SECONDS", 30, float)


def account_cache_seconds() -> int:
    """How long the dashboard reuses one SES GetAccount answer."""
    return _get("COCKPIT_ACCOUNT_CACHE_SECONDS", 60, int)


def growth_weeks() -> int:
    """Weeks in the subscriber growth chart (13 weeks: about 90 days)."""
    return _get("COCKPIT_GROWTH_WEEKS", 13, int)


def is_production() -> bool:
    """True under cms.settings.production (it sets DEPLOYMENT = "production")."""
    return _get("DEPLOYMENT", "development", str) == "production"
