"""Per-campaign message building: the campaign's snapshot, personalised per subscriber.

``SnapshotMessageBuilder`` never renders the live page: it reads the snapshot taken when
the campaign started (``snapshots``) and hands it to the one message builder
(``newsletter.rendering.builder.EmailBuilder``), which only substitutes the personal
parts for each recipient.
"""

from __future__ import annotations

from newsletter.rendering import Recipient
from newsletter.rendering.builder import EmailBuilder
from newsletter.subscribers import links

from . import snapshots
from .models import Campaign, Delivery


class SnapshotMessageBuilder:
    def __init__(self, campaign: Campaign):
        self.snapshot = snapshots.for_sending(campaign)
        self.email = EmailBuilder.for_campaign(snapshots.rendered(self.snapshot), campaign.pk)
        self.sender = self.email.sender
        self.links = links.EmailLinkFactory()

    def build(self, delivery: Delivery, message_id: str) -> bytes:
        subscriber = delivery.subscriber
        personal = self.links.for_subscriber(subscriber)
        recipient = Recipient(subscriber.email, subscriber.name, personal.unsubscribe_url,
                              personal.preferences_url, personal.unsubscribe_mailto)
        return self.email.message(recipient, message_id)
