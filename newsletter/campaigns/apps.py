from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "newsletter.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns and delivery"

    def ready(self):
        # Connects the receivers that enqueue tasks when actions ask for delivery
        # (Django's place for importing signal receivers).
        from . import tasks  # noqa: F401
