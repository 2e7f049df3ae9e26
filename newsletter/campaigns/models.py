"""Campaigns, the delivery ledger, delivery workers and the shared send-rate bucket.

See docs/delivery.md for the states and why each row tells the truth after a crash.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.list_field import ListField
from newsletter.subscribers import topics as topic_list


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


# state -> the states it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    CampaignState.DRAFT: frozenset({CampaignState.SCHEDULED, CampaignState.SENDING,
                                    CampaignState.CANCELLED}),
    CampaignState.SCHEDULED: frozenset({CampaignState.SENDING, CampaignState.CANCELLED,
                                        CampaignState.DRAFT}),
    CampaignState.SENDING: frozenset({CampaignState.PAUSED, CampaignState.FINISHED,
                                      CampaignState.CANCELLED}),
    CampaignState.PAUSED: frozenset({CampaignState.SENDING, CampaignState.CANCELLED}),
    CampaignState.FINISHED: frozenset(),
    CampaignState.CANCELLED: frozenset(),
}


class InvalidTransition(Exception):
    """Raised when a campaign is asked to move to a state it cannot reach from its own."""


class Campaign(models.Model):
    State = CampaignState

    issue = models.ForeignKey("cms.IssuePage", on_delete=models.PROTECT, related_name="campaigns")
    # Empty: every confirmed subscriber. Otherwise subscribers interested in ANY of these.
    topics = ListField(blank=True, vocabulary=topic_list.CHOICES)
    state = models.CharField(max_length=16, choices=CampaignState.choices,
                             default=CampaignState.DRAFT, db_index=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    schedule_timezone = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Why the engine paused the campaign (account-level errors, quota), shown to editors.
    pause_reason = models.TextField(blank=True)
    audience_size = models.PositiveIntegerField(default=0)
    audience_built = models.BooleanField(default=False)
    # Messages per second resolved at start (GetAccount or SES_MAX_SEND_RATE); None = no limit.
    send_rate = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("send_campaign", "Can schedule, send, pause, resume and cancel campaigns"),
        ]

    def __str__(self):
        return f"Campaign #{self.pk} of {self.issue.title if self.issue_id else '?'}"

    def can_move_to(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]

    def move_to(self, state: str, **fields) -> None:
        """Change state atomically: only if the row is still in the state we read.

        Two processes racing (e.g. the editor pausing while the engine finishes) cannot
        both win; the loser gets InvalidTransition and the row stays consistent.
        """
        if not self.can_move_to(state):
            raise InvalidTransition(
                _("A campaign in the state “%(state)s” cannot become “%(target)s”.") % {
                    "state": self.get_state_display(), "target": CampaignState(state).label})
        updated = Campaign.objects.filter(pk=self.pk, state=self.state).update(state=state, **fields)
        if not updated:
            self.refresh_from_db()
            raise InvalidTransition(
                _("The campaign changed meanwhile; it is now in the state “%(state)s”.")
                % {"state": self.get_state_display()})
        self.state = state
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def topic_labels(self) -> list[str]:
        """The chosen topics as readers and editors name them, in the active language."""
        labels = dict(topic_list.CHOICES)
        return [str(labels.get(topic, topic)) for topic in self.topics]

    @property
    def is_active(self) -> bool:
        return self.state in (CampaignState.SCHEDULED, CampaignState.SENDING, CampaignState.PAUSED)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")  # unsubscribed or suppressed by the time of sending
    UNKNOWN = "unknown", _("Unknown")  # the request may have reached SES


# A subscriber counts as "reached" by an issue when a campaign may have delivered to them.
REACHED_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.SENDING, DeliveryStatus.UNKNOWN)


class Delivery(models.Model):
    """One ledger row per (campaign, subscriber): the truth about one message."""

    Status = DeliveryStatus

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    # Erasing a subscriber removes their ledger rows too (privacy over history).
    subscriber = models.ForeignKey("subscribers.Subscriber", on_delete=models.CASCADE,
                                   related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    worker = models.UUIDField(null=True, blank=True)  # the DeliveryWorker that claimed it
    claimed_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)  # SES MessageId
    reason = models.TextField(blank=True)
    # The language of the snapshot the message was built from, recorded when it is built
    # (the subscriber may change language later); blank until then.
    language = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"],
                                    name="campaigns_one_delivery_per_subscriber"),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="campaigns_delivery_state")]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"Delivery #{self.pk} ({self.status})"


class DeliveryWorker(models.Model):
    """One running engine loop (its id is the delivery task's, when a task runs it). Its
    heartbeat tells others it is alive, and so does its process on the same host; rows
    it left in ``sending`` once it is dead become ``unknown`` (``workers.py``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workers")
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"worker {self.hostname}:{self.pid}"


class SendRateBucket(models.Model):
    """The send rate shared by every worker process, as a GCRA "next free slot".

    Reserving n messages moves ``next_slot`` forward by n/rate seconds inside one locked
    transaction; each process sends its messages at the slot times it was given, so all
    processes together never exceed the rate. ``day_remaining`` guards the 24-hour quota.
    """

    key = models.CharField(max_length=64, unique=True)
    rate = models.FloatField(null=True, blank=True)  # messages/second; None = unlimited
    next_slot = models.FloatField(default=0.0)  # Unix time of the next free send slot
    day_remaining = models.BigIntegerField(null=True, blank=True)  # None = unlimited
    day_limit = models.BigIntegerField(null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.key}: {self.rate or 'unlimited'}/s"


def default_language() -> str:
    """The primary language of LANGUAGE_CODE ("en" for "en-gb"): one snapshot today."""
    return settings.LANGUAGE_CODE.split("-")[0].lower()


class CampaignSnapshot(models.Model):
    """What a campaign sends, frozen when it starts: the issue's live revision and its
    rendered subject, preheader, HTML and text (with personal tokens), stored once.
    Every worker, time slice and restart personalises exactly this; publishing later
    changes the site, never a running campaign. One per (campaign, language)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="snapshots")
    language = models.CharField(max_length=16, default=default_language)
    # The issue revision that went out; PROTECT keeps purge_revisions from deleting it.
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(default=timezone.now)
    # Taken after the start: the campaign started before campaigns kept snapshots.
    taken_late = models.BooleanField(default=False)
    subject = models.TextField()
    preheader = models.TextField(blank=True)
    html = models.TextField()
    text = models.TextField()
    detail = models.CharField(max_length=16, default="standard")
    web_url = models.CharField(max_length=2000, blank=True)
    # The partnership's From name and reply-to address in this language when the campaign
    # started (builder.email_sender makes From and Reply-To of them). Empty in snapshots
    # taken before they were recorded: those keep DEFAULT_FROM_EMAIL's name.
    from_name = models.CharField(max_length=255, blank=True)
    reply_to = models.CharField(max_length=254, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"],
                                    name="campaigns_one_snapshot_per_language"),
        ]

    def __str__(self):
        return f"Snapshot of campaign #{self.campaign_id} ({self.language})"
