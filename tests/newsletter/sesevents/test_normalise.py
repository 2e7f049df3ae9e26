"""SES event JSON → one normalised event per recipient (no database)."""

from datetime import UTC, datetime

import pytest

from newsletter.sesevents.normalise import UnknownEvent, normalise

from .signing import ses_event


def test_bounce_covers_each_bounced_recipient_with_its_tags():
    events = normalise(ses_event("Bounce", ["a@x.org", "B@X.org"], campaign=12, delivery=None,
                                 bounce_type="Transient", bounce_subtype="MailboxFull"))
    assert [e.recipient for e in events] == ["a@x.org", "b@x.org"]
    first = events[0]
    assert (first.event_type, first.source, first.campaign_id, first.delivery_id) == (
        "bounce", "event", 12, None)
    assert (first.bounce_type, first.bounce_subtype) == ("Transient", "MailboxFull")
    assert first.timestamp == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert first.fingerprint != events[1].fingerprint


def test_delivery_uses_delivery_recipients_not_every_destination():
    payload = ses_event("Delivery", ["a@x.org", "b@x.org"])
    payload["delivery"]["recipients"] = ["b@x.org"]
    assert [e.recipient for e in normalise(payload)] == ["b@x.org"]


def test_identity_notification_bounce():
    payload = {
        "notificationType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bounceSubType": "Suppressed",
                   "bouncedRecipients": [{"emailAddress": "Ann <ann@x.org>"}],
                   "timestamp": "2026-11-24T10:00:01.000Z"},
        "mail": {"timestamp": "2026-11-24T10:00:00.000Z", "messageId": "m1",
                 "destination": ["ann@x.org"]},
    }
    [event] = normalise(payload)
    assert (event.source, event.recipient, event.bounce_subtype, event.campaign_id) == (
        "identity", "ann@x.org", "Suppressed", None)


def test_click_keeps_the_link_and_open_the_user_agent():
    [click] = normalise(ses_event("Click", link="https://example.org/x?utm=1"))
    assert (click.event_type, click.link) == ("click", "https://example.org/x?utm=1")
    [opened] = normalise(ses_event("Open"))
    assert (opened.event_type, opened.user_agent) == ("open", "Mozilla/5.0")


@pytest.mark.parametrize("kind,expected", [
    ("Send", "send"), ("Reject", "reject"), ("DeliveryDelay", "delivery_delay"),
    ("Subscription", "subscription"), ("Rendering Failure", "rendering_failure"),
    ("Complaint", "complaint"),
])
def test_every_event_type_is_normalised(kind, expected):
    events = normalise(ses_event(kind, ["a@x.org", "b@x.org"]))
    assert {e.event_type for e in events} == {expected}
    assert len(events) == 2


def test_send_falls_back_to_the_mail_timestamp():
    [event] = normalise(ses_event("Send"))
    assert event.timestamp == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_delivery_delay_reason():
    [event] = normalise(ses_event("DeliveryDelay"))
    assert event.bounce_subtype == "MailboxFull" and "452" in event.diagnostic


def test_garbage_tags_are_ignored():
    payload = ses_event("Send")
    payload["mail"]["tags"] = {"campaign": ["abc"], "delivery": "5"}
    [event] = normalise(payload)
    assert (event.campaign_id, event.delivery_id) == (None, 5)


@pytest.mark.parametrize("payload", [
    "not json", "[]", {"eventType": "Teleport", "mail": {"messageId": "m"}},
    {"eventType": "Send", "mail": {}}, {"hello": "world"},
    {"eventType": "Bounce", "mail": {"messageId": "m"}, "bounce": {"timestamp": "never"}},
])
def test_not_an_ses_event(payload):
    with pytest.raises(UnknownEvent):
        normalise(payload)


def test_ses_setup_notice_has_no_events():
    assert normalise({"Service": "AmazonSES", "Event": "AmazonSnsSubscriptionSucceeded"}) == []
