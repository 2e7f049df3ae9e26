"""Default values for the digest schedule (Settings → Newsletter digest) and the one
operator setting, read from django.conf.settings."""

from datetime import timedelta

from django.conf import settings

#: Monthly on the second Tuesday at 10:00 (the schedule's own time zone).
DEFAULT_RECURRENCE = "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0"
DEFAULT_MIN_ARTICLES = 3
DEFAULT_UPCOMING_DAYS = 90


def default_timezone() -> str:
    return settings.TIME_ZONE


def max_lateness() -> timedelta:
    """How late a tick may still compose an occurrence (a worker that was down longer
    skips it rather than composing an issue about last month)."""
    return timedelta(hours=float(settings.DIGEST_MAX_LATENESS_HOURS))
