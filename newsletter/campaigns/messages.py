"""Per-campaign message building: the campaign's snapshot, personalised per subscriber.

``SnapshotMessageBuilder`` never renders the live page: it reads the snapshots taken when
the campaign started (``snapshots``), one per language, picks the subscriber's language
and hands it to the one message builder (``newsletter.rendering.builder.EmailBuilder``),
which only substitutes the personal parts for each recipient. The language it picked is
recorded on the delivery row, so the SES report counts each message in the language it
was sent in, whatever the reader chooses later.
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
        """The subscriber's message; records on ``delivery.language`` the language of the
        snapshot it is built from (the ledger saves it when the row is settled)."""
        subscriber = delivery.subscriber
        personal = self.links.for_subscriber(subscriber)
        recipient = Recipient(subscriber.email, subscriber.name, personal.unsubscribe_url,
                              personal.preferences_url, personal.unsubscribe_mailto)
        language = reading_language(subscriber.language)
        if language not in self.by_language:
            language = self.snapshot.language
        delivery.language = language
        return self.by_language[language].message(recipient, message_id)
