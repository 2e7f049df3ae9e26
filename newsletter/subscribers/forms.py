"""Public forms: subscribe and preference centre."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

from . import conf, countries
from . import topics as topic_list


def validated_email(value: str) -> str:
    """Syntax check only (no DNS), returning the normalised address."""
    from .addresses import normalise_email

    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise forms.ValidationError(str(exc)) from exc
    return normalise_email(result.normalized)


class TopicsMixin(forms.Form):
    topics = forms.MultipleChoiceField(
        choices=topic_list.CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
        label=_("Topics"))

    def clean_topics(self):
        chosen = topic_list.clean(self.cleaned_data.get("topics") or [])
        if not chosen:
            raise forms.ValidationError(_("Choose at least one topic."))
        return chosen


class SubscribeForm(TopicsMixin):
    email = forms.CharField(label=_("Email address"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"))
    consent = forms.BooleanField(label="", required=True)
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    field_order = ["email", "name", "organisation", "country", "language", "topics", "consent",
                   "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + list(countries.choices())
        self.fields["language"].choices = conf.languages()
        self.fields["topics"].initial = list(topic_list.ALL)
        self.fields["consent"].label = conf.consent_text()
        self.fields["consent"].error_messages["required"] = _("Please tick the box to agree.")

    def clean_email(self):
        return validated_email(self.cleaned_data["email"])

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PreferencesForm(TopicsMixin):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"))
    field_order = ["topics", "language", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = conf.languages()
