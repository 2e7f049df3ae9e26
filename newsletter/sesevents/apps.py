from django.apps import AppConfig
from django.db.models.signals import pre_save


class SesEventsConfig(AppConfig):
    name = "newsletter.sesevents"
    label = "sesevents"
    verbose_name = "SES events"

    def ready(self):
        from newsletter.campaigns import signals

        from .privacy import forget_erased_subscriber
        from .tasks import request_apply_if_pending

        signals.tick.connect(request_apply_if_pending,
                             dispatch_uid="sesevents-apply-pending-on-tick")

        pre_save.connect(forget_erased_subscriber, sender="subscribers.Subscriber",
                         dispatch_uid="sesevents-forget-erased-subscriber")
