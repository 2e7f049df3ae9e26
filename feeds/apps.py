from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Feeds and ECCP"

    def ready(self):
        from . import signals  # noqa: F401  drops cached feeds when pages change
        from .eccp import preview  # noqa: F401  registers the ECCP preview mode
