"""Erasing a subscriber pseudonymises their SES events; campaign figures stay."""

import pytest

from newsletter.sesevents.models import SesEvent
from newsletter.sesevents.report import campaign_report
from newsletter.subscribers import lifecycle
from newsletter.subscribers.models import Subscriber

from .signing import ses_event

pytestmark = pytest.mark.django_db


def test_erasure_removes_the_address_from_events(signer, post):
    ann = Subscriber.objects.create(email="ann@example.org", status=Subscriber.Status.CONFIRMED)
    for kind in ("Send", "Delivery", "Complaint"):
        post(signer.notification(ses_event(kind, ["ann@example.org"], campaign=3, message_id="m-ann")))
    post(signer.notification(ses_event("Delivery", ["bob@example.org"], campaign=3)))
    before = campaign_report(3)
    lifecycle.erase(ann)
    assert not SesEvent.objects.filter(recipient="ann@example.org").exists()
    erased = SesEvent.objects.exclude(recipient="bob@example.org")
    assert erased.count() == 3
    assert len({e.recipient for e in erased}) == 1
    assert all(e.raw == {} and "ann@" not in e.diagnostic for e in erased)
    assert SesEvent.objects.get(recipient="bob@example.org").raw  # others untouched
    after = campaign_report(3)
    assert (after.sent, after.delivered, after.complained) == (before.sent, before.delivered,
                                                                before.complained) == (1, 2, 1)


def test_erasure_before_the_apply_leaves_no_address_behind(signer, post):
    from newsletter.sesevents import apply
    from newsletter.sesevents.models import SnsMessage

    ann = Subscriber.objects.create(email="ann@example.org", status=Subscriber.Status.CONFIRMED)
    post(signer.notification(ses_event("Delivery", ["Ann@Example.org"], campaign=3)), apply=False)
    lifecycle.erase(ann)  # the event is appended, not applied yet
    assert "ann@example.org" not in SnsMessage.objects.get().body.lower()
    apply.drain()
    event = SesEvent.objects.get()
    assert event.recipient.startswith("erased-") and "ann@" not in str(event.raw).lower()
