"""The newsletter dashboard: Wagtail ``Component`` panels on the admin home page, each
shown only to users who may see its figures (see ``hooks.dashboard_panels``)."""

from __future__ import annotations

from django.forms import Media
from django.utils import timezone
from wagtail.admin.ui.components import Component

from newsletter.sesevents.health import account_health

from . import alerts, chart, figures
from .account import account_status


class CockpitPanel(Component):
    order = 50
    media = Media(css={"all": ["cockpit/cockpit.css"]})

    def __init__(self, request):
        self.request = request


class AlertsPanel(CockpitPanel):
    """Warnings before things go wrong (alerts.py). The SES account is read only for
    users who may see its health."""

    order = 5
    template_name = "cockpit/panels/alerts.html"

    def __init__(self, request, *, include_account: bool):
        super().__init__(request)
        self.include_account = include_account

    def get_context_data(self, parent_context=None):
        return {"alerts": alerts.all_alerts(include_account=self.include_account)}


class SubscribersPanel(CockpitPanel):
    order = 10
    template_name = "cockpit/panels/subscribers.html"

    def get_context_data(self, parent_context=None):
        weeks = figures.weekly_growth()
        return {"counts": figures.subscriber_counts(), "weeks": weeks,
                "chart": chart.growth_svg(weeks), "labels": chart.series_labels(),
                "colours": dict(chart.SERIES)}


class RunningCampaignsPanel(CockpitPanel):
    order = 20
    template_name = "cockpit/panels/running.html"

    def get_context_data(self, parent_context=None):
        return {"running": figures.running_campaigns()}


class WhatsNextPanel(CockpitPanel):
    order = 30
    template_name = "cockpit/panels/next.html"

    def __init__(self, request, *, show_scheduled: bool):
        super().__init__(request)
        self.show_scheduled = show_scheduled

    def get_context_data(self, parent_context=None):
        return {"scheduled": figures.scheduled_campaigns() if self.show_scheduled else None,
                "drafts": figures.draft_issues(self.request.user)}


class LastCampaignsPanel(CockpitPanel):
    order = 40
    template_name = "cockpit/panels/last.html"

    def get_context_data(self, parent_context=None):
        return {"finished": figures.last_campaigns()}


class AccountHealthPanel(CockpitPanel):
    order = 45
    template_name = "cockpit/panels/account.html"

    def get_context_data(self, parent_context=None):
        health = account_health(timezone.now())
        thresholds = health.thresholds
        levels = {name: f"{getattr(thresholds, name) * 100:g}%" for name in (
            "bounce_review", "bounce_pause", "complaint_review", "complaint_pause")}
        return {"account": account_status(), "health": health, "levels": levels}
