"""Filters of the campaigns listing: state, issue and creation date."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from cms.models import IssuePage
from newsletter.campaigns.models import Campaign, CampaignState


class CampaignFilterSet(WagtailFilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("State"), choices=CampaignState.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple)
    issue = django_filters.ModelChoiceFilter(
        label=_("Issue"), queryset=IssuePage.objects.order_by("-first_published_at", "title"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget)

    class Meta:
        model = Campaign
        fields = ["state", "issue", "created_at"]
