"""The outbox transport: one complete .eml per message, written atomically."""

import email
from email import policy

import pytest

from newsletter.rendering import (
    MessageTemplate,
    Recipient,
    Sender,
    make_message_id,
    render_issue,
)
from newsletter.transports import OutgoingMessage, TemporaryError, get_transport
from newsletter.transports.outbox import OutboxTransport

from .email_samples import seed_like_issue


def test_outbox_writes_the_exact_message(tmp_path, settings):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    transport = get_transport("outbox")
    assert isinstance(transport, OutboxTransport)
    template = MessageTemplate.build(render_issue(seed_like_issue()),
                                     sender=Sender("news@bioxclusters.example"))
    message_id = make_message_id("bioxclusters.example")
    raw = template.personalise(Recipient("reader@example.org", "Zoë"), message_id=message_id)
    result = transport.send(OutgoingMessage(sender="news@bioxclusters.example",
                                            recipient="reader@example.org", raw=raw,
                                            message_id=message_id))
    files = list((tmp_path / "outbox").iterdir())
    assert [f.name for f in files] == [f"{result.provider_message_id}.eml"]  # no temp left
    assert files[0].read_bytes() == raw
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == f"<{message_id}>"


def test_outbox_failure_is_temporary(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    transport = OutboxTransport(blocker)
    with pytest.raises(TemporaryError, match="Could not write to the outbox"):
        transport.send(OutgoingMessage(sender="a@example.org", recipient="b@example.org",
                                       raw=b"x"))
