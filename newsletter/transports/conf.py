"""The transports' settings that have a default here, in this one place. Every other
transport setting is always defined by cms/settings/base.py."""

from django.conf import settings

DEFAULTS = {
    # The delivery engine's sending threads (newsletter.campaigns): the SES client keeps
    # one connection per thread and a few spare. Same default as the campaigns' setting.
    "CAMPAIGN_CONCURRENCY": 48,
    "SMTP_CA_FILE": "",  # PEM bundle to trust instead of the system's CAs
}
SPARE_CONNECTIONS = 4


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def ses_pool_size() -> int:
    return int(setting("CAMPAIGN_CONCURRENCY")) + SPARE_CONNECTIONS


def smtp_ca_file() -> str | None:
    return setting("SMTP_CA_FILE") or None
