from django.apps import AppConfig


class SubscribersConfig(AppConfig):
    name = "newsletter.subscribers"
    label = "subscribers"
    verbose_name = "Subscribers"
