"""The content app's own settings, each with its default in this one place.
cms/settings/base.py reads the same names from the environment with the same defaults."""

from django.conf import settings

DEFAULTS = {
    "ISSUE_CACHE_SECONDS": 60,  # longest life of a cached loaded Issue; 0: no cache
}


def issue_cache_seconds() -> float:
    """How long a loaded Issue may be served from the in-process cache at most, even if
    no content write was seen (cms.issue_cache); 0 turns the cache off."""
    return float(getattr(settings, "ISSUE_CACHE_SECONDS", DEFAULTS["ISSUE_CACHE_SECONDS"]))
