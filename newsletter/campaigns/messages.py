"""Per-campaign message building: the campaign's snapshot, personalised per subscriber.

``SnapshotMessageBuilder`` never renders the live page: it reads the snapshots taken when
the campaign started (``snapshots``), one per language, picks the subscriber's language and hands it to the one message builder
(``newsletter.rendering.builder.EmailBuilder``), which only substitutes the personal
parts for each recipient.
"""

from __future__ import annotations

from newsletter.rendering import Recipient
from newsletter.rendering.builder import EmailBuilder
from newsletter.subscribers import links
from newsletter.subscribers.languages import reading_language

from . import snapshots
from .models import Campaign, Delivery


class SnapshotMessageBuilder:
    def __init__(self, campaign: Campaign):
        self.snapshot = snapshots.for_sending(campaign)
        # One builder per language snapshot; a reader whose language has none gets the
        # default language's.
        self.by_language = {
            language: EmailBuilder.for_campaign(snapshots.rendered(snapshot), campaign.pk,
                                                language=language)
            for language, snapshot in snapshots.all_languages(campaign).items()}
        self.email = self.by_language[self.snapshot.language]
        self.sender = self.email.sender
        self.links = links.EmailLinkFactory()

    def build(self, delivery: Delivery, message_id: str) -> bytes:
        subscriber = delivery.subscriber
        personal = self.links.for_subscriber(subscriber)
        recipient = Recipient(subscriber.email, subscriber.name, personal.unsubscribe_url,
                              personal.preferences_url, personal.unsubscribe_mailto)
        email = self.by_language.get(reading_language(subscriber.language), self.email)
        return email.message(recipient, message_id)
