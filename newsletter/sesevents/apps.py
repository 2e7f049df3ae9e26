from django.apps import AppConfig


class SesEventsConfig(AppConfig):
    name = "newsletter.sesevents"
    label = "sesevents"
    verbose_name = "SES events"
