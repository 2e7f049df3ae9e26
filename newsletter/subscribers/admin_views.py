"""Wagtail admin: the subscriber list (a ModelViewSet) and the import, export and GDPR views.

Permissions (Settings > Groups > Subscribers):
  view/change subscriber   the list and the edit form (name, organisation, country, topics);
  view_personal_data       see addresses and names in the list, search, GDPR data export;
  import_subscribers / export_subscribers / erase_subscriber   those actions.
Nobody adds or deletes subscribers here: people join through double opt-in or an import
with consent, and leave through unsubscribe or erasure (consent records stay).
"""

from __future__ import annotations

import json

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from . import conf, countries, exporting, import_jobs, lifecycle, tasks
from . import topics as topic_list
from .models import ImportJob, Subscriber
from .suppression import is_suppressed

PERSONAL = "subscribers.view_personal_data"
REFRESH_SECONDS = 2  # the import job page reloads itself this often while the job runs


def can_see_personal_data(user) -> bool:
    return user.is_active and user.has_perm(PERSONAL)


def mask_email(email: str | None) -> str:
    if not email:
        return _("(erased)")
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class PersonalColumn(Column):
    """Shows the value only to users with view_personal_data; others see it masked."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is None or not can_see_personal_data(request.user):
            raw = context.get("raw_value")
            context["value"] = mask_email(raw) if self.name == "email" else ("•••" if raw else "")
        return context


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Subscriber.Status.choices,
                                         label=gettext_lazy("Status"))
    topic = django_filters.ChoiceFilter(choices=topic_list.CHOICES, label=gettext_lazy("Topic"),
                                        method="filter_topic")
    country = django_filters.ChoiceFilter(choices=countries.choices,
                                          label=gettext_lazy("Country"))
    language = django_filters.ChoiceFilter(choices=conf.languages,
                                           label=gettext_lazy("Language"))

    class Meta:
        model = Subscriber
        fields = ["status", "country", "language"]

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__has_key=value) if value else queryset


class SubscriberIndexView(generic.IndexView):
    template_name = "subscribers/admin/index.html"

    def search_queryset(self, queryset):
        if not can_see_personal_data(self.request.user):
            return queryset  # searching by address would reveal who subscribed
        return super().search_queryset(queryset)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if user.has_perm("subscribers.import_subscribers"):
            buttons.append(Button(_("Import CSV"), url=reverse("subscribers_admin:import"),
                                  icon_name="upload", priority=10))
        if user.has_perm("subscribers.export_subscribers") and can_see_personal_data(user):
            query = self.request.GET.urlencode()
            buttons.append(Button(_("Export CSV"), icon_name="download", priority=20,
                                  url=reverse("subscribers_admin:export") + (f"?{query}" if query else "")))
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")))
        context["status_counts"] = [(label, counts.get(value, 0), value)
                                    for value, label in Subscriber.Status.choices]
        context["total_count"] = sum(counts.values())
        return context


class SubscriberEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        if not can_see_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        instance = super().save_instance()
        lifecycle.admin_update(instance, changed=list(self.form.changed_data), user=self.request.user)
        return instance

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        pk = self.object.pk
        buttons.append(Button(_("Download personal data (JSON)"), icon_name="download", priority=30,
                              url=reverse("subscribers_admin:data", args=[pk])))
        if self.request.user.has_perm("subscribers.erase_subscriber") and not self.object.is_erased:
            buttons.append(Button(_("Erase personal data"), icon_name="bin", priority=40,
                                  url=reverse("subscribers_admin:erase", args=[pk])))
        return buttons


class SubscriberInspectView(generic.InspectView):
    """The subscriber's details with the full consent history: the proof of consent."""

    template_name = "subscribers/admin/inspect.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consent_events"] = self.object.consent_events.order_by("occurred_at", "pk")
        context["suppressed"] = bool(self.object.email) and is_suppressed(self.object.email)
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = gettext_lazy("Subscribers")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = ["email", "name", "organisation", "country", "language", "topics",
                           "status", "consent_source", "consented_at", "created_at",
                           "subscribed_at", "confirmed_at", "unsubscribed_at", "bounced_at",
                           "complained_at", "erased_at"]
    index_view_class = SubscriberIndexView
    edit_view_class = SubscriberEditView
    form_fields = ["name", "organisation", "country", "language", "topics"]
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name", "organisation"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        PersonalColumn("email", label=gettext_lazy("Email")),
        PersonalColumn("name", label=gettext_lazy("Name")),
        Column("organisation", label=gettext_lazy("Organisation")),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        Column("country", label=gettext_lazy("Country"), sort_key="country"),
        Column("topics_display", label=gettext_lazy("Topics"),
               accessor=lambda s: ", ".join(str(topic_list.CHOICES[topic_list.ALL.index(t)][1]) for t in s.topics)),
        DateColumn("status_changed_at", label=gettext_lazy("Since"), sort_key="status_changed_at"),
    ]

    @cached_property
    def permission_policy(self):
        return SubscriberPermissionPolicy(self.model)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        form_class.base_fields["country"] = forms.ChoiceField(
            label=capfirst(Subscriber._meta.get_field("country").verbose_name),
            choices=[("", "—"), *countries.choices()], required=False)
        form_class.base_fields["language"] = forms.ChoiceField(
            label=capfirst(Subscriber._meta.get_field("language").verbose_name),
            choices=conf.languages())
        return form_class


subscriber_viewset = SubscriberViewSet("subscribers")


# --- import, export and GDPR views ---------------------------------------------------------
def _require(request, *perms):
    if not all(request.user.has_perm(perm) for perm in perms):
        raise PermissionDenied


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8)"),
                           help_text=gettext_lazy(
                               "Columns: email, consent_source, consent_date (required); "
                               "name, organisation, country, topics, language."))
    skip_bad_rows = forms.BooleanField(
        required=False, label=gettext_lazy("Skip bad rows"),
        help_text=gettext_lazy("Import the good rows and list the bad ones. Otherwise one bad "
                               "row stops the whole import."))
    dry_run = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Dry run"),
        help_text=gettext_lazy("Only check the file and show what would happen."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.import_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(_(
                "The file is %(size)s; the admin takes files up to %(limit)s. Import larger "
                "files with “manage.py import_subscribers”.") % {
                    "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
        return upload


def import_view(request):
    """Upload a file: it is kept in an ImportJob and imported by a background task; the
    browser goes on to the job's page."""
    _require(request, "subscribers.import_subscribers")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = import_jobs.create(form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"],
                                     skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                                     user=request.user)
            tasks.queue_import(job)
            return redirect("subscribers_admin:import_job", job.public_id)
    else:
        form = ImportForm()
    return TemplateResponse(request, "subscribers/admin/import.html", {
        "form": form, "index_url": reverse("subscribers:index"),
        "max_size": conf.import_max_bytes(),
        "recent_jobs": ImportJob.objects.filter(created_by=request.user)[:5]})


def import_job_view(request, public_id):
    """An import's progress while it runs (the page reloads itself), then its report."""
    _require(request, "subscribers.import_subscribers")
    job = get_object_or_404(ImportJob, public_id=public_id)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied  # the report names rows of someone else's file
    return TemplateResponse(request, "subscribers/admin/import_job.html", {
        "job": job, "progress": import_jobs.progress(job),
        "refresh_seconds": REFRESH_SECONDS,
        "more_errors": max(0, job.error_count - len(job.errors)),
        "import_url": reverse("subscribers_admin:import"),
        "index_url": reverse("subscribers:index")})


def export_view(request):
    _require(request, "subscribers.export_subscribers", PERSONAL)
    queryset = SubscriberFilterSet(request.GET, queryset=Subscriber.objects.all()).qs
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(exporting.csv_lines(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
    return response


def data_view(request, pk):
    _require(request, PERSONAL)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    log(instance=subscriber, action="subscribers.data_export", user=request.user,
        title=f"Subscriber #{pk}")
    response = HttpResponse(json.dumps(lifecycle.data_export(subscriber), indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subscriber-{pk}.json"'
    return response


def erase_view(request, pk):
    _require(request, "subscribers.erase_subscriber")
    subscriber = get_object_or_404(Subscriber, pk=pk)
    if request.method == "POST":
        lifecycle.erase(subscriber, user=request.user)
        log(instance=subscriber, action="subscribers.erase", user=request.user,
            title=f"Subscriber #{pk}")
        messages.success(request, _("Personal data of subscriber #%(number)s erased. The "
                                    "address stays on the suppression list.") % {"number": pk})
        return redirect("subscribers:index")
    return TemplateResponse(request, "subscribers/admin/erase.html", {
        "subscriber": subscriber, "can_see": can_see_personal_data(request.user),
        "masked": mask_email(subscriber.email), "index_url": reverse("subscribers:index")})


admin_urlpatterns = [
    path("import/", import_view, name="import"),
    path("import/<uuid:public_id>/", import_job_view, name="import_job"),
    path("export/", export_view, name="export"),
    path("<int:pk>/data/", data_view, name="data"),
    path("<int:pk>/erase/", erase_view, name="erase"),
]
