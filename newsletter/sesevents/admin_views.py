"""Wagtail admin pages: the list of campaigns with SES events and one campaign's report."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .chart import COLOURS, LABELS, line_chart
from .report import campaign_report, campaigns_with_events


class ReportIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "sesevents/report_index.html"
    page_title = "SES events"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": "SES events"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = [
            {**row, "url": reverse("sesevents_campaign_report", args=[row["campaign_id"]])}
            for row in campaigns_with_events()
        ]
        return context


class CampaignReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "sesevents/campaign_report.html"
    header_icon = "mail"

    def get_page_title(self):
        return self.report.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("sesevents_report_index"), "label": "SES events"},
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
            chart=line_chart(report.timeline, series=series, bucket=report.bucket),
            series=[{"name": s, "label": LABELS[s], "colour": COLOURS[s]} for s in series],
            rates=[report.bounce_rate, report.complaint_rate],
            track_opens=settings.TRACK_OPENS,
            track_clicks=settings.TRACK_CLICKS,
        )
        return context
