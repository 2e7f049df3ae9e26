from django.apps import AppConfig
from django.core import checks

from .checks import TAG, sender_addresses


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from . import preview  # noqa: F401  registers the Email and Plain text preview modes
        checks.register(sender_addresses, TAG)
