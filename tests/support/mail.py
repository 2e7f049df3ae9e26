"""Compare issue emails apart from their personal parts.

``impersonal(raw, recipient)`` parses a message and gives back what every reader of the
same send shares: the headers without the personal ones (To, Message-ID, Date,
List-Unsubscribe) and the MIME boundary, and the HTML and text (line ends as "\n")
with the recipient's greeting and links put back as tokens (``tokens_back``).
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email import policy

from newsletter.rendering.mime import Recipient, html_values, text_values
from newsletter.subscribers.links import EmailLinkFactory

PERSONAL_HEADERS = frozenset({"to", "message-id", "date", "list-unsubscribe"})
# Subscriber tokens are signed with a timestamp: the same subscriber's links differ from
# one second to the next, so their token part is compared as a placeholder.
SIGNED_LINK = re.compile(r"(/newsletter/(?:unsubscribe|preferences)/)[A-Za-z0-9_\-:]+/")


@dataclass(frozen=True)
class Impersonal:
    headers: dict
    html: str
    text: str


def tokens_back(value: str, values: dict[str, str]) -> str:
    """``value`` with the personal ``values`` (html_values or text_values of a
    recipient) put back as the tokens they replaced."""
    value = SIGNED_LINK.sub(r"\1<signed>/", value)
    for token, personal in sorted(values.items(), key=lambda pair: -len(pair[1])):
        value = value.replace(SIGNED_LINK.sub(r"\1<signed>/", personal), token)
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
    """The recipient a campaign message was built for (up to the tokens' timestamps)."""
    links = EmailLinkFactory().for_subscriber(subscriber)
    return Recipient(subscriber.email, subscriber.name, links.unsubscribe_url,
                     links.preferences_url, links.unsubscribe_mailto)
