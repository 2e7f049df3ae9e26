from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import admin_urlpatterns, subscriber_viewset


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return subscriber_viewset


@hooks.register("register_admin_urls")
def register_subscriber_admin_urls():
    return [path("subscriber-tools/", include((admin_urlpatterns, "subscribers_admin")))]


@hooks.register("register_log_actions")
def register_subscriber_log_actions(actions):
    actions.register_action("subscribers.erase", _("Erase personal data"),
                            _("Personal data erased"))
    actions.register_action("subscribers.data_export", _("Export personal data"),
                            _("Personal data exported (JSON)"))
