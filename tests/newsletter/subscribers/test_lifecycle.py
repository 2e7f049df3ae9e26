"""Every lifecycle transition, the suppression list and the consent log."""

import pytest
from django.test import override_settings

from cms.items import Kind
from newsletter.subscribers import lifecycle
from newsletter.subscribers.addresses import email_hash
from newsletter.subscribers.models import ConsentEvent, Subscriber, SuppressedAddress
from newsletter.subscribers.suppression import is_suppressed, suppress

from .conftest import read_outbox

Status = Subscriber.Status
Action = ConsentEvent.Action

pytestmark = pytest.mark.django_db


def actions(subscriber):
    return list(subscriber.consent_events.values_list("action", flat=True))


def request(email="Ada@Example.org", **kwargs):
    lifecycle.request_subscription(email, **kwargs)
    return Subscriber.objects.get(email=email.lower())


def test_new_request_is_pending_and_gets_one_confirmation(django_capture_on_commit_callbacks, outbox):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = request(name="Ada", topics=[Kind.EVENT])
    assert subscriber.status == Status.PENDING
    assert subscriber.email == "ada@example.org"
    assert subscriber.topics == [Kind.EVENT]
    assert subscriber.subscribed_at is not None and subscriber.confirmed_at is None
    assert actions(subscriber) == [Action.SUBSCRIBE_REQUESTED, Action.CONFIRMATION_SENT]
    event = subscriber.consent_events.first()
    assert event.source == "form" and event.consent_text_version
    messages = read_outbox(outbox)
    assert len(messages) == 1
    assert messages[0]["To"] == "ada@example.org"
    assert "confirm" in messages[0]["Subject"].lower()
    assert not Subscriber.objects.sendable().exists()  # pending gets nothing else


def test_repeat_request_resends_at_most_once_an_hour(django_capture_on_commit_callbacks, outbox, settings):
    with django_capture_on_commit_callbacks(execute=True):
        request()
        request()
        request()
    assert len(read_outbox(outbox)) == 1
    subscriber = Subscriber.objects.get()
    # An hour later the next request sends again.
    subscriber.confirmation_sent_at -= __import__("datetime").timedelta(hours=1, seconds=1)
    subscriber.save()
    with django_capture_on_commit_callbacks(execute=True):
        request()
    assert len(read_outbox(outbox)) == 2


def test_confirm_makes_sendable_and_records_wording_version(settings):
    settings.CONSENT_TEXT_VERSION = "v-form"
    subscriber = request()
    settings.CONSENT_TEXT_VERSION = "v-later"
    assert lifecycle.confirm(subscriber, nonce=subscriber.confirm_nonce) is True
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED and subscriber.confirmed_at
    event = subscriber.consent_events.get(action=Action.CONFIRMED)
    assert event.consent_text_version == "v-form"
    assert list(Subscriber.objects.sendable()) == [subscriber]
    # Confirming twice changes nothing.
    assert lifecycle.confirm(subscriber, nonce="whatever") is False
    assert subscriber.consent_events.filter(action=Action.CONFIRMED).count() == 1


def test_confirm_with_an_old_nonce_is_stale():
    subscriber = request()
    with pytest.raises(lifecycle.StaleConfirmation):
        lifecycle.confirm(subscriber, nonce="0000")
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING


def test_confirmed_address_requesting_again_gets_a_reminder_and_nothing_changes(
        django_capture_on_commit_callbacks, outbox, make_subscriber):
    make_subscriber(name="Ada", topics=[Kind.INTERVIEW])
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = request(name="Mallory", topics=[Kind.EVENT])
    assert subscriber.status == Status.CONFIRMED
    assert subscriber.name == "Ada" and subscriber.topics == [Kind.INTERVIEW]
    [message] = read_outbox(outbox)
    assert "already subscribed" in message["Subject"]


def test_unsubscribe_suppresses_and_is_idempotent(make_subscriber):
    subscriber = make_subscriber()
    lifecycle.unsubscribe(subscriber, source="one_click", ip="192.0.2.1")
    lifecycle.unsubscribe(subscriber, source="one_click")
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED and subscriber.unsubscribed_at
    assert is_suppressed("ADA@example.org")
    assert actions(subscriber) == [Action.UNSUBSCRIBED]
    assert subscriber.consent_events.get().ip_address is None  # CONSENT_RECORD_IP off
    assert not Subscriber.objects.sendable().exists()


@override_settings(CONSENT_RECORD_IP=True)
def test_ip_recorded_only_when_enabled(make_subscriber):
    subscriber = make_subscriber()
    lifecycle.unsubscribe(subscriber, source="unsubscribe_page", ip="192.0.2.7")
    assert subscriber.consent_events.get().ip_address == "192.0.2.7"


def test_resubscribe_after_unsubscribe_needs_double_opt_in(make_subscriber):
    subscriber = make_subscriber()
    lifecycle.unsubscribe(subscriber, source="admin")
    subscriber = request("ada@example.org")
    assert subscriber.status == Status.PENDING
    assert is_suppressed("ada@example.org")  # still suppressed until confirmed
    lifecycle.confirm(subscriber, nonce=subscriber.confirm_nonce)
    assert not is_suppressed("ada@example.org")
    assert Subscriber.objects.sendable().count() == 1


@pytest.mark.parametrize("mark, status, reason", [
    (lifecycle.mark_bounced, Status.BOUNCED, "bounced"),
    (lifecycle.mark_complained, Status.COMPLAINED, "complained"),
])
def test_bounce_and_complaint(make_subscriber, mark, status, reason):
    subscriber = make_subscriber()
    mark("Ada@Example.org", detail="550 no such user")
    subscriber.refresh_from_db()
    assert subscriber.status == status
    assert SuppressedAddress.objects.get().reason == reason
    assert subscriber.consent_events.get().detail == {"detail": "550 no such user"}
    assert not Subscriber.objects.sendable().exists()


def test_bounce_for_unknown_address_still_suppresses():
    lifecycle.mark_bounced("ghost@example.org")
    assert is_suppressed("ghost@example.org")
    assert not Subscriber.objects.exists()


def test_complaint_is_not_downgraded_by_a_later_bounce(make_subscriber):
    subscriber = make_subscriber()
    lifecycle.mark_complained(subscriber.email)
    lifecycle.mark_bounced(subscriber.email)
    subscriber.refresh_from_db()
    assert subscriber.status == Status.COMPLAINED
    assert SuppressedAddress.objects.get().reason == "complained"


def test_sendable_filters_by_any_topic_and_suppression(make_subscriber):
    both = make_subscriber("a@example.org", topics=[Kind.EVENT, Kind.INTERVIEW])
    events = make_subscriber("b@example.org", topics=[Kind.EVENT])
    make_subscriber("c@example.org", topics=[Kind.GATEWAY_NEWS])
    make_subscriber("d@example.org", status=Status.PENDING)
    suppressed = make_subscriber("e@example.org", topics=[Kind.EVENT])
    suppress("E@example.org", "manual")
    assert set(Subscriber.objects.sendable([Kind.EVENT])) == {both, events}
    assert set(Subscriber.objects.sendable([Kind.INTERVIEW, Kind.SUCCESS_STORY])) == {both}
    assert Subscriber.objects.sendable().count() == 3
    assert not Subscriber.objects.sendable([]).exists()
    assert suppressed not in Subscriber.objects.sendable()


def test_preferences_change_is_logged_without_the_name(make_subscriber):
    subscriber = make_subscriber(name="Ada")
    changed = lifecycle.update_preferences(subscriber, topics=[Kind.EVENT], language="de", name="Ada L.")
    assert changed == ["topics", "language", "name"]
    event = subscriber.consent_events.get()
    assert event.action == Action.PREFERENCES_CHANGED
    assert event.detail["topics"]["to"] == [Kind.EVENT]
    assert "Ada" not in str(event.detail)
    assert lifecycle.update_preferences(subscriber, topics=[Kind.EVENT], language="de", name="Ada L.") == []


def test_consent_events_are_immutable(make_subscriber):
    subscriber = make_subscriber()
    lifecycle.unsubscribe(subscriber, source="admin")
    event = subscriber.consent_events.get()
    event.source = "form"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@override_settings(CONSENT_RECORD_IP=True)
def test_erasure_removes_personal_data_and_keeps_the_hash(make_subscriber):
    subscriber = make_subscriber(name="Ada", organisation="Analytical Engines", country="GB")
    lifecycle.update_preferences(subscriber, topics=[Kind.EVENT], language="en", name="Ada",
                                 ip="192.0.2.9")
    lifecycle.erase(subscriber)
    subscriber.refresh_from_db()
    assert subscriber.email is None and subscriber.name == "" and subscriber.organisation == ""
    assert subscriber.erased_at and subscriber.status == Status.UNSUBSCRIBED
    assert not subscriber.consent_events.exclude(ip_address=None).exists()
    assert actions(subscriber)[-1] == Action.ERASED
    assert SuppressedAddress.objects.filter(email_hash=email_hash("ada@example.org")).exists()
    # A new sign-up for the same address is a new, pending subscriber.
    again = request("ada@example.org")
    assert again.pk != subscriber.pk and again.status == Status.PENDING


def test_data_export_holds_profile_and_history(make_subscriber):
    subscriber = make_subscriber(name="Ada")
    lifecycle.unsubscribe(subscriber, source="admin")
    subscriber.refresh_from_db()
    data = lifecycle.data_export(subscriber)
    assert data["email"] == "ada@example.org" and data["name"] == "Ada"
    assert data["suppressed"] is True
    assert [e["action"] for e in data["consent_events"]] == ["unsubscribed"]


def test_suppress_rejects_unknown_reason():
    with pytest.raises(ValueError):
        suppress("a@example.org", "whim")


def test_email_unique_regardless_of_case(make_subscriber):
    make_subscriber("Ada@Example.org")
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        make_subscriber("ADA@EXAMPLE.ORG")


@pytest.mark.parametrize("leave", [
    lambda s: lifecycle.unsubscribe(s, source="one_click"),
    lambda s: suppress(s.email, "manual"),
], ids=["unsubscribed", "manual"])
def test_every_way_out_leads_back_only_through_double_opt_in(make_subscriber, leave):
    subscriber = make_subscriber()
    leave(subscriber)
    if subscriber.status == Status.CONFIRMED:  # suppressed by hand: the row stays
        lifecycle.unsubscribe(subscriber, source="admin")
    assert is_suppressed(subscriber.email) and not Subscriber.objects.sendable().exists()
    again = request(subscriber.email)
    assert again.pk == subscriber.pk and again.status == Status.PENDING
    assert not Subscriber.objects.sendable().exists()
    lifecycle.confirm(again, nonce=again.confirm_nonce)
    again.refresh_from_db()
    assert again.status == Status.CONFIRMED and not is_suppressed(again.email)
    assert list(Subscriber.objects.sendable()) == [again]


@pytest.mark.parametrize("mark", [lifecycle.mark_bounced, lifecycle.mark_complained],
                         ids=["bounced", "complained"])
def test_a_bounced_or_complained_address_gets_no_mail_and_stays_put(make_subscriber, mark,
                                                                    outbox):
    subscriber = make_subscriber(name="Ada")
    mark(subscriber.email)
    subscriber.refresh_from_db()
    before = subscriber.status
    again = request(subscriber.email, name="Mallory")
    assert again.pk == subscriber.pk and again.status == before
    assert again.name == "Ada" and again.requested_details == {}
    assert not again.consent_events.filter(action=Action.CONFIRMATION_SENT).exists()
    assert again.consent_events.filter(action=Action.SUBSCRIBE_REQUESTED,
                                       detail__refused="suppressed").exists()
    assert read_outbox(outbox) == []


def test_pending_can_unsubscribe_and_its_confirmation_link_dies():
    subscriber = request()
    nonce = subscriber.confirm_nonce
    lifecycle.unsubscribe(subscriber, source="unsubscribe_page")
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    with pytest.raises(lifecycle.StaleConfirmation):
        lifecycle.confirm(subscriber, nonce=nonce)


def test_erased_subscriber_cannot_be_confirmed_or_unsubscribed_again(make_subscriber):
    subscriber = make_subscriber(status=Status.PENDING, confirm_nonce="n1")
    lifecycle.erase(subscriber)
    with pytest.raises(lifecycle.StaleConfirmation):
        lifecycle.confirm(subscriber, nonce="n1")
    lifecycle.unsubscribe(subscriber, source="one_click")  # a no-op, no error
    lifecycle.erase(subscriber)  # idempotent
    assert subscriber.consent_events.filter(action=Action.ERASED).count() == 1


@pytest.mark.parametrize("status", [Status.PENDING, Status.UNSUBSCRIBED])
def test_a_new_request_keeps_its_details_aside_until_the_address_confirms(make_subscriber,
                                                                          status):
    subscriber = make_subscriber(status=status, name="Ada", organisation="Engines",
                                 country="GB", topics=[Kind.EVENT])
    again = request(subscriber.email, name="Mallory", organisation="Phish Ltd", country="FR",
                    topics=[Kind.INTERVIEW])
    assert (again.name, again.organisation, again.country) == ("Ada", "Engines", "GB")
    assert again.topics == [Kind.EVENT] and again.status == Status.PENDING
    assert again.requested_details["name"] == "Mallory"
    lifecycle.confirm(again, nonce=again.confirm_nonce)
    again.refresh_from_db()
    assert (again.name, again.organisation, again.country) == ("Mallory", "Phish Ltd", "FR")
    assert again.topics == [Kind.INTERVIEW] and again.requested_details == {}


def test_erasure_forgets_details_kept_aside(make_subscriber):
    subscriber = make_subscriber(status=Status.PENDING)
    again = request(subscriber.email, name="Ada Lovelace")
    lifecycle.erase(again)
    again.refresh_from_db()
    assert again.requested_details == {}
