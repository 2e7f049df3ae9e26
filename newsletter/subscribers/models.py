"""Subscribers, their immutable consent history and the suppression list."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.list_field import ListField

from . import topics as topic_list
from .addresses import email_hash, normalise_email


def default_topics() -> list[str]:
    return list(topic_list.ALL)


class SubscriberQuerySet(models.QuerySet):
    def sendable(self, topics: Iterable[str] | None = None) -> SubscriberQuerySet:
        """Confirmed, not suppressed, and interested in ANY of ``topics`` (None = all)."""
        queryset = self.filter(status=Subscriber.Status.CONFIRMED, email__isnull=False).exclude(
            email_hash__in=SuppressedAddress.objects.values("email_hash"))
        if topics is not None:
            wanted = topic_list.clean(topics)
            if not wanted:
                return queryset.none()
            queryset = queryset.filter(topics__has_any_keys=wanted)
        return queryset

    def by_email(self, email: str) -> SubscriberQuerySet:
        return self.filter(email=normalise_email(email))


class SubscriberManager(models.Manager.from_queryset(SubscriberQuerySet)):
    pass


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Normalised (see addresses.normalise_email); NULL once the person is erased.
    email = models.EmailField(_("email"), max_length=254, unique=True, null=True, blank=True)
    email_hash = models.CharField(max_length=64, db_index=True, editable=False, default="")
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True,
                               help_text=_("ISO 3166-1 alpha-2 code"))
    language = models.CharField(_("language"), max_length=8, blank=True, default="en")
    topics = ListField(_("topics"), blank=True, vocabulary=topic_list.CHOICES,
                       default=default_topics)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    # Where and when consent came from (form, import source), for the export.
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # the last subscribe request
    subscribed_at = models.DateTimeField(_("subscribed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)
    complained_at = models.DateTimeField(_("complained at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # When the welcome email went to the worker's transport (subscribers.welcome); one
    # per confirmation: it is due again only after a later confirmed_at.
    welcomed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Changes whenever a new confirmation is requested, so an older link stops working.
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    # Details typed in the latest subscribe request for an existing row (name,
    # organisation, country, language, topics). Anyone can type anyone's address, so they
    # replace the row's details only when the address confirms (lifecycle.confirm).
    requested_details = models.JSONField(default=dict, blank=True, editable=False)

    objects = SubscriberManager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_personal_data", "Can see subscribers' personal data"),
            ("import_subscribers", "Can import subscribers"),
            ("export_subscribers", "Can export subscribers"),
            ("erase_subscriber", "Can erase a subscriber's personal data"),
        ]
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self):
        return self.email or f"erased subscriber #{self.pk}"

    def save(self, *args, **kwargs):
        if self.email:
            self.email = normalise_email(self.email)
            self.email_hash = email_hash(self.email)
        super().save(*args, **kwargs)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ConsentEvent(models.Model):
    """One thing that happened to a subscriber's consent. Never changed, never deleted
    (erasure clears the IP address column only, see lifecycle.erase)."""

    class Action(models.TextChoices):
        SUBSCRIBE_REQUESTED = "subscribe_requested", _("Asked to subscribe")
        CONFIRMATION_SENT = "confirmation_sent", _("Confirmation email sent")
        CONFIRMED = "confirmed", _("Confirmed (double opt-in)")
        IMPORTED = "imported", _("Imported with consent")
        PREFERENCES_CHANGED = "preferences_changed", _("Changed preferences")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Hard bounce")
        COMPLAINED = "complained", _("Complaint")
        ADMIN_CHANGED = "admin_changed", _("Changed by an administrator")
        ERASED = "erased", _("Personal data erased")

    class Source(models.TextChoices):
        FORM = "form", _("Subscribe form")
        EMAIL_LINK = "email_link", _("Link in an email")
        PREFERENCES = "preferences", _("Preference centre")
        ONE_CLICK = "one_click", _("One-click unsubscribe (RFC 8058)")
        UNSUBSCRIBE_PAGE = "unsubscribe_page", _("Unsubscribe page")
        MAILTO = "mailto", _("Unsubscribe by email")
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Management command")
        SES = "ses", _("Amazon SES event")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT,
                                   related_name="consent_events")
    action = models.CharField(max_length=32, choices=Action.choices)
    source = models.CharField(max_length=32, choices=Source.choices)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    consent_text_version = models.CharField(max_length=32, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.get_source_display()}) {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Consent events are immutable; append a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consent events are immutable and cannot be deleted.")


class SuppressedAddress(models.Model):
    """An address that must never be mailed: only a keyed hash, kept after erasure."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Hard bounce")
        COMPLAINED = "complained", _("Complaint")
        MANUAL = "manual", _("Added by hand")

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "suppressed addresses"

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.reason})"


class ImportJob(models.Model):
    """A CSV import started in the admin and run by a background task (tasks.run_import).
    The uploaded file is kept in the database, where only the worker reads it, until
    the task has finished; then it is deleted and the report stays."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    content = models.BinaryField(editable=False, default=bytes)
    dry_run = models.BooleanField(default=True)
    skip_bad_rows = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    committed = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    # The first row errors (as "line N, column C: reason"); error_count holds them all.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)  # why the whole file was refused or the task died

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Import of {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
