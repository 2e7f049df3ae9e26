"""Per-campaign message building: render the issue once, personalise per subscriber.

``IssueMessageBuilder`` renders the issue's MJML once (``render_issue``), builds one
``MessageTemplate`` and then only substitutes the personal parts for each recipient.
"""

from __future__ import annotations

from django.conf import settings

from newsletter.rendering import Recipient
from newsletter.subscribers import links

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
        self.extra_headers = {"X-Clusterpost-Campaign": str(campaign.pk)}
        self.links = links.EmailLinkFactory()

    def build(self, delivery: Delivery, message_id: str) -> bytes:
        subscriber = delivery.subscriber
        personal = self.links.for_subscriber(subscriber)
        recipient = Recipient(subscriber.email, subscriber.name, personal.unsubscribe_url,
                              personal.preferences_url, personal.unsubscribe_mailto)
        return self.template.personalise(recipient, message_id=message_id,
                                         extra_headers=self.extra_headers)
