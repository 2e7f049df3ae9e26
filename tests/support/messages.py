"""A trivial message builder for engine tests (the real one renders the issue)."""

from __future__ import annotations


class StubMessageBuilder:
    sender = "bioXclusters plus <newsletter@bioxclusters.example>"

    def __init__(self, campaign=None):
        self.campaign = campaign

    def build(self, delivery, message_id: str) -> bytes:
        email = delivery.subscriber.email
        return (
            f"From: {self.sender}\r\nTo: {email}\r\nMessage-ID: <{message_id}>\r\n"
            f"Subject: Test issue\r\nList-Unsubscribe: <https://example.test/u/{delivery.pk}>\r\n"
            f"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nHello {email}\r\n"
        ).encode()
