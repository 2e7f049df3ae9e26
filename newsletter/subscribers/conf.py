"""The subscribers app's settings, each with its default. Override them in cms/settings."""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms import languages as site_languages

# Consent wording shown on the subscribe form. Change the text -> bump the version:
# every consent event records the version that the person saw.
CONSENT_TEXT_VERSION_DEFAULT = "2026-11-1"
CONSENT_TEXT_DEFAULT = _(
    "Yes, send me the newsletter by email. I can unsubscribe at any time with the link in "
    "every email. My address and preferences are used only to send this newsletter."
)


def get(name: str, default):
    return getattr(settings, name, default)


def consent_text() -> str:
    return get("CONSENT_TEXT", CONSENT_TEXT_DEFAULT)


def consent_text_version() -> str:
    return get("CONSENT_TEXT_VERSION", CONSENT_TEXT_VERSION_DEFAULT)


def privacy_url() -> str:
    """Link to the privacy notice, shown next to the consent wording when set."""
    return get("SUBSCRIBERS_PRIVACY_URL", "")


def record_ip() -> bool:
    return bool(get("CONSENT_RECORD_IP", False))


def confirm_max_age() -> int:
    """Seconds a confirmation link stays valid (default 7 days)."""
    return int(get("SUBSCRIBERS_CONFIRM_MAX_AGE", 7 * 24 * 3600))


def preferences_max_age() -> int | None:
    """Seconds a preference-centre link stays valid (default 365 days; 0 = forever)."""
    value = int(get("SUBSCRIBERS_PREFERENCES_MAX_AGE", 365 * 24 * 3600))
    return value or None


def resend_interval() -> int:
    """Seconds between two confirmation emails to one address (default 1 hour)."""
    return int(get("SUBSCRIBERS_RESEND_INTERVAL", 3600))


def rate_limit() -> tuple[int, int]:
    """(requests, window seconds) allowed per client IP on the subscribe form."""
    return (int(get("SUBSCRIBE_RATE_LIMIT", 10)), int(get("SUBSCRIBE_RATE_WINDOW", 3600)))


def client_ip_header() -> str:
    """request.META key holding the client IP, e.g. HTTP_X_FORWARDED_FOR behind a proxy."""
    return get("SUBSCRIBERS_CLIENT_IP_HEADER", "REMOTE_ADDR") or "REMOTE_ADDR"


def trusted_proxy_count() -> int:
    """Proxies in front of the app that each append to X-Forwarded-For (default 1): the
    client address is that many entries from the right; entries further left are
    whatever the client sent."""
    return max(1, int(get("TRUSTED_PROXY_COUNT", 1)))


ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def embed_allowed_origins() -> list[str]:
    """Origins (https://partner.example.org) that may frame the embeddable sign-up form.
    Anything else (a path, a space, a ';') would rewrite the Content-Security-Policy."""
    origins = list(get("EMBED_ALLOWED_ORIGINS", []))
    bad = [origin for origin in origins if not ORIGIN.fullmatch(origin)]
    if bad:
        raise ImproperlyConfigured(
            f"EMBED_ALLOWED_ORIGINS holds what is not an origin (scheme://host[:port]): {bad}")
    return origins


def import_max_bytes() -> int:
    """Largest CSV file the admin accepts for an import (default 20 MB); larger files go
    through ``manage.py import_subscribers``."""
    return int(get("SUBSCRIBERS_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def hash_keys() -> list[str]:
    """Keys for the suppression hash: the current one first, then fallbacks to check."""
    key = get("SUBSCRIBERS_HASH_KEY", "") or settings.SECRET_KEY
    fallbacks = list(get("SUBSCRIBERS_HASH_KEY_FALLBACKS", []))
    if not get("SUBSCRIBERS_HASH_KEY", ""):
        fallbacks += list(getattr(settings, "SECRET_KEY_FALLBACKS", []))
    return [key, *fallbacks]


def unsubscribe_mailbox() -> str:
    """Address for mailto: unsubscribes; by default unsubscribe@<sender's domain>."""
    configured = get("SUBSCRIBERS_UNSUBSCRIBE_MAILBOX", "")
    if configured:
        return configured
    from email.utils import parseaddr

    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "localhost"
    return f"unsubscribe@{domain}"


def languages() -> tuple[tuple[str, str], ...]:
    """The languages a subscriber can read: the site's LANGUAGES, each named in itself."""
    return tuple(site_languages.choices())
