"""Each SES event type's effect, through the whole webhook, with the real subscribers'
lifecycle (suppression) functions."""

from datetime import UTC, datetime, timedelta

import pytest

from newsletter.sesevents.models import SesEvent, SnsMessage
from newsletter.subscribers.models import Subscriber
from newsletter.subscribers.suppression import is_suppressed

from .signing import ses_event

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def deliver(signer, post, ledger):
    def _deliver(payload, **kwargs):
        response = post(signer.notification(payload, **kwargs))
        assert response.status_code == 200, response.content
        return response

    return _deliver


def subscriber(email):
    return Subscriber.objects.create(email=email, status=Subscriber.Status.CONFIRMED)


def test_permanent_bounce_suppresses_every_recipient(deliver):
    ann = subscriber("ann@example.org")
    deliver(ses_event("Bounce", ["Ann@example.org", "bob@example.org"], bounce_type="Permanent"))
    assert is_suppressed("ann@example.org") and is_suppressed("bob@example.org")
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.BOUNCED
    events = SesEvent.objects.order_by("recipient")
    assert [(e.recipient, e.bounce_type, e.effect) for e in events] == [
        ("ann@example.org", "Permanent", "suppressed (bounced)"),
        ("bob@example.org", "Permanent", "suppressed (bounced)"),
    ]
    assert "550 5.1.1" in events[0].diagnostic
    assert events[0].raw["bounce"]["bounceType"] == "Permanent"


def test_complaint_suppresses_at_once(deliver):
    ann = subscriber("ann@example.org")
    deliver(ses_event("Complaint", ["ann@example.org"]))
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.COMPLAINED
    assert is_suppressed("ann@example.org")
    assert SesEvent.objects.get().diagnostic == "abuse"


def test_transient_bounces_suppress_after_the_limit_within_the_window(deliver, settings):
    settings.SES_TRANSIENT_BOUNCE_LIMIT, settings.SES_TRANSIENT_BOUNCE_DAYS = 3, 7
    subscriber("ann@example.org")
    for day in (0, 2):
        deliver(ses_event("Bounce", ["ann@example.org"], bounce_type="Transient",
                          bounce_subtype="MailboxFull", when=T0 + timedelta(days=day)))
    assert not is_suppressed("ann@example.org")
    assert SesEvent.objects.filter(effect__startswith="transient bounce 2 of 3").exists()
    # A third one, but outside the 7-day window of the first two: still counted only.
    deliver(ses_event("Bounce", ["ann@example.org"], bounce_type="Transient", when=T0 + timedelta(days=20)))
    assert not is_suppressed("ann@example.org")
    # A third one inside the window, arriving late (out of order): suppressed.
    deliver(ses_event("Bounce", ["ann@example.org"], bounce_type="Transient", when=T0 + timedelta(days=1)))
    assert is_suppressed("ann@example.org")
    assert Subscriber.objects.get().status == Subscriber.Status.BOUNCED


def test_transient_bounce_limit_is_a_setting(deliver, settings):
    settings.SES_TRANSIENT_BOUNCE_LIMIT = 1
    deliver(ses_event("Bounce", ["ann@example.org"], bounce_type="Transient"))
    assert is_suppressed("ann@example.org")


def test_send_settles_an_unknown_ledger_row_through_its_tags(deliver, ledger):
    ledger.unknown.add(70)
    payload = ses_event("Send", ["ann@example.org"], campaign=7, delivery=70)
    deliver(payload)
    assert ledger.calls == [(70, payload["mail"]["messageId"])]
    assert SesEvent.objects.get().effect == "settled delivery 70"


def test_send_before_the_row_is_known_is_stored(deliver, ledger):
    payload = ses_event("Send", ["ann@example.org"], campaign=99, delivery=990)
    deliver(payload)  # no ledger row is unknown (yet): stored, nothing settled
    event = SesEvent.objects.get()
    assert (event.campaign_id, event.delivery_id, event.effect) == (99, 990, "")
    assert event.ses_message_id == payload["mail"]["messageId"]


@pytest.mark.parametrize("kind,stored_type", [
    ("Delivery", "delivery"), ("Reject", "reject"), ("DeliveryDelay", "delivery_delay"),
    ("Subscription", "subscription"), ("Rendering Failure", "rendering_failure"),
])
def test_recorded_events_change_no_subscriber(deliver, kind, stored_type):
    ann = subscriber("ann@example.org")
    deliver(ses_event(kind, ["ann@example.org", "bob@example.org"]))
    assert sorted(SesEvent.objects.values_list("event_type", "recipient")) == [
        (stored_type, "ann@example.org"), (stored_type, "bob@example.org")]
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.CONFIRMED
    assert not is_suppressed("ann@example.org")


@pytest.mark.parametrize("kind", ["Open", "Click"])
def test_open_and_click_are_not_recorded_while_tracking_is_off(deliver, kind, settings):
    settings.TRACK_OPENS = settings.TRACK_CLICKS = False
    deliver(ses_event(kind))
    assert SesEvent.objects.count() == 0
    assert SnsMessage.objects.count() == 1  # but the message is known, for deduplication


def test_open_and_click_are_recorded_when_tracking_is_on(deliver, settings):
    settings.TRACK_OPENS = settings.TRACK_CLICKS = True
    deliver(ses_event("Open"))
    deliver(ses_event("Click", link="https://bioxclusters.example/a"))
    click = SesEvent.objects.get(event_type="click")
    assert click.link == "https://bioxclusters.example/a"
    assert click.user_agent == "Mozilla/5.0"
    assert SesEvent.objects.filter(event_type="open").count() == 1


def test_same_ses_event_by_two_routes_is_applied_once(deliver, signer, post):
    subscriber("ann@example.org")
    published = ses_event("Bounce", ["ann@example.org"])
    identity = dict(published)
    identity.pop("eventType")
    identity["notificationType"] = "Bounce"
    deliver(published)
    deliver(identity)  # another SNS MessageId, the same SES event
    assert SesEvent.objects.count() == 1
    assert SnsMessage.objects.count() == 2


def test_events_may_arrive_in_any_order(deliver):
    subscriber("ann@example.org")
    message_id = "0102abc-000000"
    deliver(ses_event("Bounce", ["ann@example.org"], message_id=message_id, when=T0 + timedelta(minutes=2)))
    deliver(ses_event("Delivery", ["bob@example.org"], message_id=message_id, when=T0 + timedelta(minutes=1)))
    deliver(ses_event("Send", ["ann@example.org", "bob@example.org"], message_id=message_id, when=T0))
    assert is_suppressed("ann@example.org") and not is_suppressed("bob@example.org")
    assert SesEvent.objects.count() == 4


def test_unknown_but_genuine_event_is_acknowledged_and_logged(deliver, caplog):
    deliver({"eventType": "SomethingNew", "mail": {"messageId": "x"}})
    assert SesEvent.objects.count() == 0
    assert SnsMessage.objects.count() == 1
    assert "not an SES event" in caplog.text


def test_failing_effect_keeps_the_message_for_the_next_apply(signer, post, monkeypatch):
    from newsletter.sesevents import apply, effects

    real = effects.suppress_bounced

    def broken(email, detail):
        raise RuntimeError("database went away")

    monkeypatch.setattr(effects, "suppress_bounced", broken)
    assert post(signer.notification(ses_event("Bounce", ["ann@example.org"]))).status_code == 200
    message = SnsMessage.objects.get()  # acknowledged and kept, with its body
    assert message.applied_at is None and message.apply_attempts == 1
    assert "database went away" in message.apply_error and message.body
    assert SesEvent.objects.count() == 0  # the failed batch rolled back
    monkeypatch.setattr(effects, "suppress_bounced", real)
    assert apply.drain().stored == 1
    assert SesEvent.objects.get().effect == "suppressed (bounced)" and is_suppressed("ann@example.org")
    message.refresh_from_db()
    assert message.applied_at is not None and message.body == "" and message.apply_error == ""


def test_one_bad_message_does_not_hold_back_the_others(signer, post, monkeypatch):
    from newsletter.sesevents import apply, effects

    real = effects.suppress_bounced

    def broken_for_bob(email, detail):
        if email.startswith("bob"):
            raise RuntimeError("bob's row is locked")
        return real(email, detail)

    monkeypatch.setattr(effects, "suppress_bounced", broken_for_bob)
    for who in ("ann", "bob", "cat"):
        post(signer.notification(ses_event("Bounce", [f"{who}@example.org"])), apply=False)
    for _ in range(apply.MAX_ATTEMPTS):
        apply.drain()
    assert is_suppressed("ann@example.org") and is_suppressed("cat@example.org")
    bob = SnsMessage.objects.get(apply_attempts=apply.MAX_ATTEMPTS)
    assert bob.applied_at is not None and "locked" in bob.apply_error and "bob@" in bob.body
    assert apply.failed_count() == 1 and not apply.pending().exists()


def test_transient_bounce_limit_zero_never_suppresses(deliver, settings):
    settings.SES_TRANSIENT_BOUNCE_LIMIT = 0
    for day in range(3):
        deliver(ses_event("Bounce", ["ann@example.org"], bounce_type="Transient",
                          when=T0 + timedelta(days=day)))
    assert not is_suppressed("ann@example.org")
