"""What the SES event intake stores.

``SnsMessage`` is one verified SNS delivery (webhook) or one SQS message (poller), unique
on its MessageId so that a redelivered or replayed message is recognised and changes
nothing. The webhook appends it with the raw SES event in ``body`` and answers at once;
the background apply (``apply.py``) turns the body into ``SesEvent`` rows and effects,
then sets ``applied_at`` and empties ``body`` (``SesEvent.raw`` keeps the JSON, and erasure
pseudonymises it there).  ``SesEvent`` is one
normalised event for one recipient (an SES event may cover several recipients), in the
manner of django-anymail's ``AnymailTrackingEvent``.

Campaign and delivery ids are plain integers taken from the message's SES EmailTags, not
foreign keys: events may arrive before (or without) the ledger row they refer to.
"""

from django.db import models


class SnsMessage(models.Model):
    class Type(models.TextChoices):
        NOTIFICATION = "Notification"
        SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation"
        UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation"

    message_id = models.CharField("SNS MessageId", max_length=100, unique=True)
    type = models.CharField(max_length=32, choices=Type.choices)
    topic_arn = models.CharField("TopicArn", max_length=256)
    sent_at = models.DateTimeField("SNS timestamp", null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    signature_version = models.CharField(max_length=2)
    # For subscription messages: whether the subscription was confirmed.
    confirmed = models.BooleanField(default=False)
    event_count = models.PositiveIntegerField(default=0)
    # The SNS "Message" (the SES event JSON) until its effects are applied.
    body = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)
    apply_attempts = models.PositiveSmallIntegerField(default=0)
    apply_error = models.TextField(blank=True)  # the last failure; kept when given up

    class Meta:
        verbose_name = "SNS message"
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.message_id}"


class SesEvent(models.Model):
    class Type(models.TextChoices):
        SEND = "send", "Send"
        DELIVERY = "delivery", "Delivery"
        BOUNCE = "bounce", "Bounce"
        COMPLAINT = "complaint", "Complaint"
        REJECT = "reject", "Reject"
        DELIVERY_DELAY = "delivery_delay", "Delivery delay"
        SUBSCRIPTION = "subscription", "Subscription"
        OPEN = "open", "Open"
        CLICK = "click", "Click"
        RENDERING_FAILURE = "rendering_failure", "Rendering failure"

    class Source(models.TextChoices):
        EVENT_PUBLISHING = "event", "Event publishing (configuration set)"
        IDENTITY_NOTIFICATION = "identity", "Identity notification"

    sns_message = models.ForeignKey(
        SnsMessage, on_delete=models.CASCADE, related_name="events", null=True, blank=True
    )
    # sha256 of what makes an event the same event, so that one SES event reaching us twice
    # (e.g. through event publishing and an identity notification) is stored once.
    fingerprint = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=20, choices=Type.choices, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    timestamp = models.DateTimeField(db_index=True)
    ses_message_id = models.CharField("SES MessageId", max_length=200, db_index=True)
    recipient = models.CharField(max_length=320, db_index=True)
    campaign_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    delivery_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    bounce_type = models.CharField(max_length=30, blank=True)  # Permanent | Transient | Undetermined
    bounce_subtype = models.CharField(max_length=40, blank=True)
    diagnostic = models.TextField(blank=True)  # bounce diagnostic, complaint type, reject reason…
    link = models.URLField(max_length=2048, blank=True)  # Click
    user_agent = models.CharField(max_length=512, blank=True)
    raw = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)
    # What the webhook did with it, e.g. "suppressed", "settled delivery 12", "not tracked".
    effect = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "SES event"
        ordering = ["-timestamp"]
        permissions = [("view_ses_reports", "Can view SES event reports (campaign figures, "
                                            "account health)")]
        indexes = [
            models.Index(fields=["campaign_id", "event_type"], name="sesevent_campaign_type"),
            models.Index(fields=["recipient", "event_type", "timestamp"], name="sesevent_rcpt_type_ts"),
        ]

    def __str__(self):
        return f"{self.get_event_type_display()} {self.recipient} {self.timestamp:%Y-%m-%d %H:%M}"


class ApplyRequest(models.Model):
    """At most one row: "an apply task is enqueued and has not started yet".

    The webhook enqueues the background apply only when it creates this row; the task
    deletes it before it looks for pending messages. So a burst of posts enqueues one
    task, and a message appended after the task looked is never left without one."""

    key = models.CharField(max_length=16, unique=True, default="apply")
    requested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"apply requested at {self.requested_at:%Y-%m-%d %H:%M:%S}"
