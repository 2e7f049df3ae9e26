"""A read-only panel on Settings → Newsletter digest: the saved schedule in words and
its next occurrences, so that an editor sees what the RRULE means."""

from django.utils import timezone
from wagtail.admin.panels import Panel

from .recurrence import RecurrenceError
from .words import describe, describe_moment


class ScheduleInWordsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "digests/schedule_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            settings_row = self.instance
            try:
                schedule = settings_row.schedule()
            except RecurrenceError as exc:
                context["error"] = str(exc)
                return context
            context["words"] = describe(schedule.recurrence, schedule.zone_name)
            context["enabled"] = settings_row.enabled
            context["upcoming"] = [describe_moment(moment, schedule.zone_name)
                                   for moment in schedule.upcoming(timezone.now(), 3)]
            return context
