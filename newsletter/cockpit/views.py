"""The "Campaigns" listing: every campaign across issues, with Wagtail's generic
IndexView (filters, sortable columns, an inline progress bar), each linking to its page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic

from newsletter.campaigns import ledger
from newsletter.campaigns.models import Campaign, CampaignState, DeliveryStatus
from newsletter.campaigns.views import can_view

from .filters import CampaignFilterSet

OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


class ProgressColumn(Column):
    """Settled messages out of the audience, from the ledger (one query per row shown)."""

    cell_template_name = "cockpit/progress_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        counts = ledger.counts(instance.pk)
        remaining = sum(counts[status] for status in OPEN)
        settled = sum(counts.values()) - remaining
        total = max(instance.audience_size, settled + remaining)
        context.update(settled=settled, total=total,
                       percent=int(settled * 100 / total) if total else 0)
        return context


class CampaignIndexView(generic.IndexView):
    model = Campaign
    filterset_class = CampaignFilterSet
    index_url_name = "cockpit_campaigns"
    index_results_url_name = "cockpit_campaigns_results"
    page_title = _("Campaigns")
    header_icon = "mail"
    paginate_by = 25
    default_ordering = "-created_at"
    permission_policy = None
    columns = [
        TitleColumn("issue", label=_("Issue"), accessor="issue.title",
                    get_url=lambda campaign: reverse("campaigns_admin:detail", args=[campaign.pk]),
                    sort_key="issue__title"),
        Column("pk", label=_("Campaign"), sort_key="pk"),
        StatusTagColumn("state", label=_("State"), accessor="get_state_display", sort_key="state",
                        primary=lambda campaign: campaign.state == CampaignState.SENDING),
        Column("audience_size", label=_("Audience"), sort_key="audience_size"),
        ProgressColumn("progress", label=_("Progress")),
        DateColumn("scheduled_at", label=_("Scheduled for"), sort_key="scheduled_at"),
        DateColumn("started_at", label=_("Started"), sort_key="started_at"),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return Campaign.objects.select_related("issue")
