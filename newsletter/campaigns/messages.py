"""Per-campaign message building: render the issue once, personalise per subscriber.

``IssueMessageBuilder`` renders the issue's MJML once (``render_issue``), builds one
``MessageTemplate`` and then only substitutes the personal parts for each recipient.
"""

from __future__ import annotations

from django.conf import settings

from .models import Campaign, Delivery


class IssueMessageBuilder:
    def __init__(self, campaign: Campaign):
        from newsletter.rendering import MessageTemplate, render_issue

        page = campaign.issue.specific
        rendered = render_issue(page.as_issue())
        self.sender = settings.DEFAULT_FROM_EMAIL
        self.template = MessageTemplate.build(
            rendered, from_addr=self.sender,
            reply_to=getattr(settings, "NEWSLETTER_REPLY_TO", "") or self.sender,
            web_url=page.full_url or "")
        self.campaign_id = campaign.pk

    def build(self, delivery: Delivery, message_id: str) -> bytes:
        from newsletter.rendering import Recipient
        from newsletter.subscribers import links

        subscriber = delivery.subscriber
        recipient = Recipient(
            subscriber.email, subscriber.name, links.unsubscribe_url(subscriber),
            links.preferences_url(subscriber), links.unsubscribe_mailto(subscriber))
        return self.template.personalise(
            recipient, message_id=message_id,
            extra_headers={"X-Clusterpost-Campaign": str(self.campaign_id)})
