from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "newsletter.cockpit"
    label = "cockpit"
    verbose_name = "Newsletter cockpit"
