"""Compare issue emails apart from their personal parts.

``impersonal(raw, recipient)`` parses a message and gives back what every reader of the
same send shares: the headers without the personal ones (To, Message-ID, Date,
List-Unsubscribe) and the MIME boundary, and the HTML and text (line ends as "\n")
with the recipient's greeting and links put back as tokens (``tokens_back``).
"""

from __future__ import annotations

import email
from dataclasses import dataclass
from email import policy

from newsletter.rendering.mime import Recipient, html_values, text_values
from newsletter.subscribers.links import EmailLinkFactory

PERSONAL_HEADERS = frozenset({"to", "message-id", "date", "list-unsubscribe"})


@dataclass(frozen=True)
class Impersonal:
    headers: dict
    html: str
    text: str


def tokens_back(value: str, values: dict[str, str]) -> str:
    for token, personal in sorted(values.items(), key=lambda pair: -len(pair[1])):
        value = value.replace(personal, token)
    return value


def _body(message, kind: str) -> str:
    return message.get_body((kind,)).get_content().replace("\r\n", "\n")


def impersonal(raw: bytes, recipient: Recipient) -> Impersonal:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message.defects == []
    headers = {name: str(value) for name, value in message.items()
               if name.lower() not in PERSONAL_HEADERS and name.lower() != "content-type"}
    headers["Content-Type"] = message.get_content_type()
    return Impersonal(
        headers=headers,
        html=tokens_back(_body(message, "html"), html_values(recipient)),
        text=tokens_back(_body(message, "plain"), text_values(recipient)),
    )


def subscriber_recipient(subscriber) -> Recipient:
    """The recipient a campaign message was built for (tokens are deterministic)."""
    links = EmailLinkFactory().for_subscriber(subscriber)
    return Recipient(subscriber.email, subscriber.name, links.unsubscribe_url,
                     links.preferences_url, links.unsubscribe_mailto)
