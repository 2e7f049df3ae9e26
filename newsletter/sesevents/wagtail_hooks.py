from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import CampaignReportView, ReportIndexView


@hooks.register("register_admin_urls")
def register_sesevents_urls():
    return [
        path("ses-events/", ReportIndexView.as_view(), name="sesevents_report_index"),
        path("ses-events/campaign/<int:campaign_id>/", CampaignReportView.as_view(),
             name="sesevents_campaign_report"),
    ]


@hooks.register("register_reports_menu_item")
def register_sesevents_report_menu_item():
    return MenuItem("SES events", reverse("sesevents_report_index"), icon_name="mail", order=900)
