from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "newsletter.digests"
    label = "digests"
    verbose_name = "Newsletter digests"

    def ready(self):
        from newsletter.campaigns import signals

        from .receivers import compose_due_digests

        signals.tick.connect(compose_due_digests, dispatch_uid="digests.compose_due_digests")
