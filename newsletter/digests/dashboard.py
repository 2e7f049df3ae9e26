"""The digest's panel on the admin dashboard: the latest digests and the next run."""

from __future__ import annotations

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import Digest, DigestSettings
from .recurrence import RecurrenceError
from .words import describe, describe_moment


class DigestPanel(Component):
    name = "newsletter_digest"
    template_name = "digests/homepage_panel.html"
    order = 110

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context=None):
        row = DigestSettings.for_site(self.site)
        context = {"digests": list(Digest.objects.filter(site=self.site)
                                   .select_related("issue", "campaign")[:5]),
                   "settings_row": row, "site": self.site}
        if row.enabled:
            try:
                schedule = row.schedule()
            except RecurrenceError as exc:
                context["schedule_error"] = str(exc)
            else:
                context["words"] = describe(schedule.recurrence, schedule.zone_name)
                upcoming = schedule.upcoming(timezone.now(), 1)
                context["next_at"] = (describe_moment(upcoming[0], schedule.zone_name)
                                      if upcoming else "")
        return context

    @staticmethod
    def wanted(site) -> bool:
        return (DigestSettings.objects.filter(site=site, enabled=True).exists()
                or Digest.objects.filter(site=site).exists())
