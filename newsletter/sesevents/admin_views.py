"""Wagtail admin pages: the list of campaigns with SES events and one campaign's report."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import conf
from .chart import COLOURS, LABELS, line_chart
from .health import THRESHOLDS, account_health, campaign_health
from .report import campaign_report, campaigns_with_events
from .report_languages import figures_by_language
from .status import intake_status, silent_campaigns

REPORTS_PERMISSION = "sesevents.view_ses_reports"


def can_view_reports(user) -> bool:
    return user.has_perm(REPORTS_PERMISSION)


class ReportPermissionMixin:
    """Reports show campaign figures and clicked links: only users with the
    ``view_ses_reports`` permission (the "Newsletter senders" group) may open them."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportIndexView(ReportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "sesevents/report_index.html"
    page_title = _("SES events")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": _("SES events")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = [
            {**row, "url": reverse("sesevents_campaign_report", args=[row["campaign_id"]])}
            for row in campaigns_with_events()
        ]
        health = account_health()
        context.update(health=health, windows=[health.day, health.week], thresholds=THRESHOLDS,
                       intake=intake_status(), silent_minutes=conf.no_event_warning_minutes())
        return context


class CampaignReportView(ReportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "sesevents/campaign_report.html"
    header_icon = "mail"

    def get_page_title(self):
        return self.report.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("sesevents_report_index"), "label": _("SES events")},
            {"url": "", "label": self.report.title},
        ]

    def get(self, request, *args, **kwargs):
        self.report = campaign_report(int(kwargs["campaign_id"]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        series = ["delivery", "bounce", "complaint"]
        if settings.TRACK_OPENS or report.opens:
            series.append("open")
        if settings.TRACK_CLICKS or report.clicks:
            series.append("click")
        context.update(
            report=report,
            by_language=figures_by_language(report.campaign_id),
            chart=line_chart(report.timeline, series=series, bucket=report.bucket),
            series=[{"name": s, "label": LABELS[s], "colour": COLOURS[s]} for s in series],
            rates=[report.bounce_rate, report.complaint_rate],
            track_opens=settings.TRACK_OPENS,
            track_clicks=settings.TRACK_CLICKS,
            health=campaign_health(report.campaign_id),
            silent=any(c.pk == report.campaign_id for c in silent_campaigns()),
            silent_minutes=conf.no_event_warning_minutes(),
        )
        return context
