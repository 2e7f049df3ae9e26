"""Admin integration: the newsletter dashboard panels and the "Campaigns" menu item
with its listing (views.py)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from newsletter.campaigns.views import can_view as can_view_campaigns
from newsletter.sesevents.admin_views import can_view_reports

from . import panels
from .views import CampaignIndexView


def can_view_subscriber_figures(user) -> bool:
    return user.has_perm("subscribers.view_subscriber") or can_view_campaigns(user)


def dashboard_panels(request) -> list:
    user = request.user
    campaigns = can_view_campaigns(user)
    result = []
    if campaigns:
        result.append(panels.AlertsPanel(request, include_account=can_view_reports(user)))
    if can_view_subscriber_figures(user):
        result.append(panels.SubscribersPanel(request))
    if campaigns:
        result.append(panels.RunningCampaignsPanel(request))
    result.append(panels.WhatsNextPanel(request, show_scheduled=campaigns))
    if campaigns:
        result.append(panels.LastCampaignsPanel(request))
    if can_view_reports(user):
        result.append(panels.AccountHealthPanel(request))
    return result


@hooks.register("construct_homepage_panels")
def add_newsletter_dashboard(request, homepage_panels):
    homepage_panels.extend(dashboard_panels(request))


@hooks.register("register_admin_urls")
def register_campaign_listing_url():
    return [path("campaigns/all/", CampaignIndexView.as_view(), name="cockpit_campaigns"),
            path("campaigns/all/results/", CampaignIndexView.as_view(results_only=True),
                 name="cockpit_campaigns_results")]


class CampaignsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_campaigns(request.user)


@hooks.register("register_admin_menu_item")
def register_campaigns_menu_item():
    return CampaignsMenuItem(_("Campaigns"), reverse("cockpit_campaigns"), icon_name="mail",
                             order=250)
