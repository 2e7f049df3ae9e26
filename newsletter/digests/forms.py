"""The Settings → Newsletter digest form: topics as checkboxes, the recurrence checked
and stored in its canonical form, and sending automatically reserved to senders."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from cms.items import Kind
from cms.models.pages import TIMEZONE_CHOICES

from .recurrence import RecurrenceError, parse, zone_for

SEND_PERMISSION = "campaigns.send_campaign"


class DigestSettingsForm(WagtailAdminModelForm):
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Send to subscribers of"),
        choices=[(kind, Kind.LABELS[kind]) for kind in Kind.ARTICLES], required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("When sending automatically. None ticked: every confirmed "
                               "subscriber."))

    timezone = forms.ChoiceField(label=gettext_lazy("Time zone"), choices=TIMEZONE_CHOICES)

    def clean_recurrence(self):
        try:
            return parse(self.cleaned_data["recurrence"]).text
        except RecurrenceError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_timezone(self):
        try:
            zone_for(self.cleaned_data["timezone"])
        except RecurrenceError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return self.cleaned_data["timezone"]

    def clean_topics(self):
        return sorted(self.cleaned_data["topics"])

    def clean_mode(self):
        mode = self.cleaned_data["mode"]
        user = getattr(self, "for_user", None)
        unchanged = self.instance.pk and self.instance.mode == mode
        if mode == "send" and not unchanged and not (user and user.has_perm(SEND_PERMISSION)):
            raise forms.ValidationError(_("Only newsletter senders may have digests sent "
                                          "automatically."))
        return mode
