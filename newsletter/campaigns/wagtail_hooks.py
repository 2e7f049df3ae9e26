"""Wagtail admin integration: audit-log actions, a "Campaigns" button in the header of
every issue page, and the campaign admin views (views.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from cms.models import IssuePage

from . import admin_urls
from .audit import LOG_ACTIONS
from .views import can_view


@hooks.register("register_log_actions")
def register_campaign_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_campaign_admin_urls():
    return [path("campaigns/", include(admin_urls, namespace="campaigns_admin"))]


class CampaignsButton(PageMenuItem):
    label = _("Send / campaigns")
    icon_name = "mail"
    priority = 12

    @property
    def url(self):
        return reverse("campaigns_admin:issue", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def campaign_header_button(page, user, view_name, next_url=None):
    if page.specific_class is IssuePage and can_view(user):
        yield CampaignsButton(page=page)
