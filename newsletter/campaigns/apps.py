from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "newsletter.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns and delivery"
