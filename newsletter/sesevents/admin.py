"""Read-only Django admin views of what the webhook stored, for operators (superusers and
users given the view permissions). Editors use the Wagtail report."""

from django.contrib import admin

from .models import SesEvent, SnsMessage


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SnsMessage)
class SnsMessageAdmin(ReadOnly):
    list_display = ["message_id", "type", "topic_arn", "received_at", "event_count", "confirmed"]
    list_filter = ["type", "topic_arn"]
    search_fields = ["message_id"]
    date_hierarchy = "received_at"


@admin.register(SesEvent)
class SesEventAdmin(ReadOnly):
    list_display = ["timestamp", "event_type", "recipient", "campaign_id", "delivery_id",
                    "bounce_type", "effect"]
    list_filter = ["event_type", "source", "bounce_type"]
    search_fields = ["recipient", "ses_message_id", "=campaign_id", "=delivery_id"]
    date_hierarchy = "timestamp"
    list_select_related = False
