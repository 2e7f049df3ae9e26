"""The digest schedule (a site setting) and one record per composed digest.

``Digest`` has a unique constraint on (site, occurrence): the database, not the code,
guarantees one digest per scheduled occurrence whatever the number of workers.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from cms.list_field import ListField
from newsletter.campaigns.tasks import schedule_next_tick
from newsletter.subscribers import topics as topic_list

from . import conf
from .forms import DigestSettingsForm
from .layout import DigestLayoutBlock, default_layout
from .panels import ScheduleInWordsPanel
from .recurrence import Schedule, parse


class DigestMode(models.TextChoices):
    REVIEW = "review", _("Draft for review: editors check and send it")
    SEND = "send", _("Send automatically when the “Before you send” checks pass")


@register_setting(icon="mail", name="newsletter-digest")
class DigestSettings(BaseSiteSetting):
    """Settings → Newsletter digest: when and how the next issue composes itself."""

    enabled = models.BooleanField(
        _("compose digests on this schedule"), default=False)
    recurrence = models.CharField(
        _("recurrence"), max_length=200, default=conf.DEFAULT_RECURRENCE,
        help_text=_("An iCalendar RRULE. Examples: FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0 "
                    "(monthly on the second Tuesday at 10:00), FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;"
                    "BYMINUTE=0 (weekly on Monday at 09:00), FREQ=MONTHLY;BYMONTHDAY=1;"
                    "BYHOUR=8;BYMINUTE=30 (on the 1st at 08:30)."))
    # Choices come from the form (the tz database changes; migrations need not).
    timezone = models.CharField(_("time zone"), max_length=64, default=conf.default_timezone)
    layout = StreamField(DigestLayoutBlock(), default=default_layout, blank=True,
                         verbose_name=_("sections"),
                         help_text=_("The sections to fill, in order. Empty sections are "
                                     "left out of the issue."))
    min_articles = models.PositiveSmallIntegerField(
        _("minimum number of new articles"), default=conf.DEFAULT_MIN_ARTICLES,
        help_text=_("Below it no issue is made and editors are told."))
    upcoming_days = models.PositiveSmallIntegerField(
        _("upcoming activities: days ahead"), default=conf.DEFAULT_UPCOMING_DAYS,
        help_text=_("“Upcoming activities” lists the events of this many days ahead."))
    mode = models.CharField(_("mode"), max_length=8, choices=DigestMode.choices,
                            default=DigestMode.REVIEW)
    topics = ListField(_("topics"), blank=True, vocabulary=topic_list.CHOICES)
    # When the schedule was last switched on or changed: occurrences count from here, so
    # switching it on never composes one that was due before.
    active_since = models.DateTimeField(null=True, blank=True, editable=False)

    base_form_class = DigestSettingsForm
    panels = [
        FieldPanel("enabled"),
        MultiFieldPanel([FieldPanel("recurrence"), FieldPanel("timezone"),
                         ScheduleInWordsPanel(heading=_("In words"))],
                        heading=_("Schedule")),
        FieldPanel("layout"),
        MultiFieldPanel([FieldPanel("min_articles"), FieldPanel("upcoming_days")],
                        heading=_("Content")),
        MultiFieldPanel([
            FieldPanel("mode"), FieldPanel("topics"),
            HelpPanel(_("Sending automatically publishes the issue and starts a campaign, "
                        "only when its “Before you send” checks pass; otherwise it stays a "
                        "draft and editors are told why. Only newsletter senders may choose "
                        "it.")),
        ], heading=_("Mode")),
    ]

    class Meta:
        verbose_name = _("newsletter digest")

    def schedule(self) -> Schedule:
        return Schedule(parse(self.recurrence), self.timezone,
                        self.active_since or timezone.now())

    def save(self, *args, **kwargs):
        previous = DigestSettings.objects.filter(pk=self.pk).first() if self.pk else None
        changed = previous is None or (previous.enabled, previous.recurrence,
                                       previous.timezone) != (self.enabled, self.recurrence,
                                                              self.timezone)
        if self.enabled and (changed or self.active_since is None):
            self.active_since = timezone.now()
        super().save(*args, **kwargs)
        if self.enabled:
            transaction.on_commit(schedule_next_tick)  # the tick runs the schedule


class DigestStatus(models.TextChoices):
    REVIEW = "review", _("Draft ready for review")
    STARTING = "starting", _("Published; campaign starting")
    SENT = "sent", _("Published and sent")
    HELD = "held", _("Kept as a draft: checks failed")
    SKIPPED = "skipped", _("Not made: too few new articles")


class DigestTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    COMMAND = "command", _("compose_digest command")


class Digest(models.Model):
    """What one composition made, and from what."""

    Status = DigestStatus

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    # The schedule's occurrence (UTC); empty for compose_digest runs.
    occurrence = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=10, choices=DigestTrigger.choices,
                               default=DigestTrigger.SCHEDULE)
    status = models.CharField(max_length=10, choices=DigestStatus.choices)
    composed_at = models.DateTimeField(default=timezone.now)
    issue = models.ForeignKey("cms.IssuePage", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="digests")
    previous_issue = models.ForeignKey("cms.IssuePage", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    since = models.DateTimeField(null=True, blank=True)  # articles published after this …
    until = models.DateTimeField()  # … and up to this moment
    article_count = models.PositiveIntegerField(default=0)
    # The sections with the pages placed in them, what was left out and why.
    made_from = models.JSONField(default=dict, blank=True)
    # Why it was skipped or held, for editors.
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-composed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "occurrence"],
                                    name="digests_one_per_occurrence"),
        ]

    def __str__(self):
        return f"Digest #{self.pk} ({self.status})"
