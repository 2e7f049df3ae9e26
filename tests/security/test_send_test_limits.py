"""Finding 2: editors send tests only to their own address and TEST_RECIPIENTS; members
of "Newsletter senders" to any address, within a per-user limit; every test send is in
Wagtail's audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry

from .conftest import read_outbox

pytestmark = pytest.mark.django_db
SENDERS = "Newsletter senders"


@pytest.fixture
def page_editors(demo_issue):
    group = Group.objects.create(name="Issue editors")
    GroupPagePermission.objects.create(group=group, page=demo_issue.get_parent(),
                                       permission=Permission.objects.get(codename="change_page"))
    return group


@pytest.fixture
def editor(client, staff, page_editors):
    user = staff(username="erika", email="erika@example.org")
    user.groups.add(page_editors)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def sender(client, staff, page_editors):
    user = staff(username="sam", email="sam@example.org", groups=[SENDERS])
    user.groups.add(page_editors)
    client.force_login(user)
    client.user = user
    return client


def recipients(outbox) -> list[str]:
    return sorted(m["To"].addresses[0].addr_spec for m in read_outbox(outbox))


def test_an_editor_cannot_mail_an_arbitrary_address(editor, demo_issue, outbox):
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    response = editor.post(url, {"addresses": "erika@example.org, victim@example.net"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "not to victim@example.net" in body
    assert recipients(outbox) == []
    assert not PageLogEntry.objects.filter(action="clusterpost.send_test").exists()


def test_an_editor_may_mail_their_own_address_and_the_test_list(editor, demo_issue, outbox,
                                                                  settings):
    settings.TEST_RECIPIENTS = ["qa@example.org"]
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    page = editor.get(url).content.decode()
    assert "erika@example.org, qa@example.org" in page  # what they may use, and pre-filled
    response = editor.post(url, {"addresses": "Erika@Example.org, qa@example.org"})
    assert response.status_code == 302
    assert recipients(outbox) == ["Erika@example.org", "qa@example.org"]
    entry = PageLogEntry.objects.get(action="clusterpost.send_test")
    assert entry.user == editor.user and len(entry.data["recipients"]) == 2


def test_a_sender_may_mail_any_address_within_the_rate_limit(sender, demo_issue, outbox,
                                                             settings):
    settings.SEND_TEST_RATE_LIMIT = 3
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    assert sender.post(url, {"addresses": "a@example.net, b@example.net"}).status_code == 302
    response = sender.post(url, {"addresses": "c@example.net, d@example.net"})
    assert response.status_code == 200
    assert "You may send 1 more test message for now (2 asked)" in response.content.decode()
    assert recipients(outbox) == ["a@example.net", "b@example.net"]
    assert sender.post(url, {"addresses": "c@example.net"}).status_code == 302
    assert PageLogEntry.objects.filter(action="clusterpost.send_test",
                                       user=sender.user).count() == 2


def test_the_limit_is_per_user(sender, demo_issue, settings, staff, page_editors, client):
    settings.SEND_TEST_RATE_LIMIT = 1
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    assert sender.post(url, {"addresses": "a@example.net"}).status_code == 302
    other = staff(username="sue", email="sue@example.org", groups=[SENDERS])
    other.groups.add(page_editors)
    client.force_login(other)
    assert client.post(url, {"addresses": "b@example.net"}).status_code == 302


def test_a_failed_send_is_logged_even_when_nothing_went_out(sender, demo_issue, monkeypatch):
    from newsletter.transports import TemporaryError
    from newsletter.transports.outbox import OutboxTransport

    def fail(self, message):
        raise TemporaryError("Throttling")

    monkeypatch.setattr(OutboxTransport, "send", fail)
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    assert sender.post(url, {"addresses": "a@example.net"}).status_code == 200
    entry = PageLogEntry.objects.get(action="clusterpost.send_test")
    assert entry.data["recipients"] == [] and entry.data["failed"] == "a@example.net"
