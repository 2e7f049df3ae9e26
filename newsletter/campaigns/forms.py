"""The editor's form to send or schedule an issue."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings

from cms.items import Kind

from .scheduling import ScheduleError, resolve

ZONES = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))


class CampaignForm(forms.Form):
    topics = forms.MultipleChoiceField(
        choices=[(k, Kind.LABELS[k]) for k in Kind.ARTICLES], required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty to send to every confirmed subscriber.")
    when = forms.ChoiceField(choices=[("now", "Send now"), ("later", "Schedule")],
                             widget=forms.RadioSelect, initial="now")
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(choices=[(z, z) for z in ZONES], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = settings.TIME_ZONE

    def clean(self):
        data = super().clean()
        data["scheduled_at"] = None
        if data.get("when") == "later":
            if not data.get("date") or not data.get("time") or not data.get("timezone"):
                raise forms.ValidationError("Give a date, a time and a time zone to schedule.")
            local = datetime.combine(data["date"], data["time"])
            try:
                data["scheduled_at"] = resolve(local, data["timezone"])
            except ScheduleError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data
