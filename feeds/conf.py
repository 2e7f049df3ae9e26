"""The feeds' settings, each with its default in this one place. cms/settings/base.py
reads the same names from the environment with the same defaults (tests/feeds checks)."""

from django.conf import settings

DEFAULTS = {
    "FEEDS_LENGTH": 50,  # entries per RSS/Atom feed
    "FEEDS_CACHE_ENABLED": True,  # off: render every request
    "FEEDS_CACHE_SECONDS": 900,  # upper bound on a cached feed's age
    "FEEDS_MAX_AGE": 300,  # Cache-Control max-age for feed readers
    "FEEDS_CALENDAR_PAST_DAYS": 365,  # past events kept in /feeds/events.ics
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def feed_length() -> int:
    """How many entries a feed holds (the newest ones)."""
    return int(setting("FEEDS_LENGTH"))


def cache_enabled() -> bool:
    return bool(setting("FEEDS_CACHE_ENABLED"))


def cache_seconds() -> int:
    return int(setting("FEEDS_CACHE_SECONDS"))


def max_age() -> int:
    """Cache-Control max-age of feed responses, in seconds."""
    return int(setting("FEEDS_MAX_AGE"))


def calendar_past_days() -> int:
    """Events that ended within this many days stay in the subscribed calendar, so it
    does not empty itself once the last event has passed."""
    return int(setting("FEEDS_CALENDAR_PAST_DAYS"))
