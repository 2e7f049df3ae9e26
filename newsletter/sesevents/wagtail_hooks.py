from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import CampaignReportView, ReportIndexView, can_view_reports


@hooks.register("register_admin_urls")
def register_sesevents_urls():
    return [
        path("ses-events/", ReportIndexView.as_view(), name="sesevents_report_index"),
        path("ses-events/campaign/<int:campaign_id>/", CampaignReportView.as_view(),
             name="sesevents_campaign_report"),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_sesevents_report_menu_item():
    return ReportsMenuItem(_("SES events"), reverse("sesevents_report_index"), icon_name="mail",
                           order=900)


@hooks.register("register_permissions")
def register_sesevents_permissions():
    """Makes "Can view SES event reports" assignable in Settings → Groups."""
    return Permission.objects.filter(content_type__app_label="sesevents",
                                     codename="view_ses_reports")
