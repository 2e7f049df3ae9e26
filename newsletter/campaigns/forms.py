"""The editor's form to send or schedule an issue, with the Wagtail admin's widgets."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.datetime import DEFAULT_DATETIME_FORMAT, AdminDateTimeInput

from newsletter.subscribers import topics as topic_list

from .scheduling import ScheduleError, resolve

ZONES = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))


def datetime_input_format() -> str:
    return getattr(settings, "WAGTAIL_DATETIME_FORMAT", DEFAULT_DATETIME_FORMAT)


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form's time zone field says where
    it is (so it is not read in the admin user's own zone)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for fmt in (datetime_input_format(), "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
            try:
                return datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class CampaignForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=topic_list.CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to send to every confirmed subscriber."))
    when = forms.ChoiceField(label=_("When"), choices=[("now", _("Send now")),
                                                      ("later", _("Schedule"))],
                             widget=forms.RadioSelect, initial="now")
    scheduled_for = WallClockDateTimeField(
        label=_("Date and time"), required=False, widget=AdminDateTimeInput,
        help_text=_("Local time in the time zone below."))
    timezone = forms.ChoiceField(label=_("Time zone"), choices=[(z, z) for z in ZONES],
                                 required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin activates the user's own time zone (Account → Preferences).
        current = timezone.get_current_timezone_name()
        self.fields["timezone"].initial = current if current in ZONES else settings.TIME_ZONE

    def clean(self):
        data = super().clean()
        data["scheduled_at"] = None
        if data.get("when") == "later":
            if not data.get("scheduled_for") or not data.get("timezone"):
                raise forms.ValidationError(_("Give a date, a time and a time zone to schedule."))
            try:
                data["scheduled_at"] = resolve(data["scheduled_for"], data["timezone"])
            except ScheduleError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data
