"""Preview modes, the "Send test" action and the render_issue command, on the demo issue."""

import email
import io
from email import policy

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry

from newsletter.rendering import tokens as T

from .email_gates import check_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw", first_name="Erika", last_name="Editor")
    client.force_login(user)
    client.user = user
    return client


def outbox_messages(settings):
    from pathlib import Path

    return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(Path(settings.OUTBOX_DIR).glob("*.eml"))]


@pytest.fixture
def clean_outbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings


# ---- preview modes ----------------------------------------------------------------------

def test_issue_page_offers_email_and_text_previews(demo_issue):
    modes = dict(demo_issue.preview_modes)
    assert modes["email"] == "Email" and modes["text"] == "Plain text"


def test_email_preview_renders_the_email(demo_issue, admin_client, rf):
    request = rf.get("/")
    request.user = admin_client.user
    response = demo_issue.serve_preview(request, "email")
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    check_html(html)
    assert "Dear Erika Editor," in html
    assert T.PREFIX not in html
    assert "/admin/newsletter/test-link/unsubscribe/" in html


def test_text_preview(demo_issue, admin_client, rf):
    request = rf.get("/")
    request.user = admin_client.user
    response = demo_issue.serve_preview(request, "text")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "NEWSLETTER JANUARY 2017" in text and "Dear Erika Editor," in text


def test_preview_through_the_admin_view(demo_issue, admin_client):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[demo_issue.id])
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo_issue.id]))
    assert edit.status_code == 200
    assert b'value="email"' in edit.content or b"Email" in edit.content
    response = admin_client.get(url, {"mode": "email"})
    # Wagtail needs the form posted first; without it, it shows its "preview unavailable"
    assert response.status_code == 200


# ---- send test --------------------------------------------------------------------------

def test_send_test_button_on_the_issue(demo_issue, admin_client):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo_issue.id]))
    assert reverse("newsletter_send_test", args=[demo_issue.id]).encode() in response.content


def test_send_test_sends_and_logs(demo_issue, admin_client, clean_outbox):
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"addresses": "a@example.org,\nB@Example.org ; a@example.org"})
    assert response.status_code == 302
    sent = outbox_messages(clean_outbox)
    assert sorted(m["To"].addresses[0].addr_spec for m in sent) == ["B@example.org",
                                                                     "a@example.org"]
    for message in sent:
        assert message["Subject"].startswith("[Test] ")
        assert message["X-Clusterpost-Test"] == "yes"
        assert "/admin/newsletter/test-link/unsubscribe/" in message["List-Unsubscribe"]
        html = message.get_body(("html",)).get_content()
        check_html(html)
        assert "Dear Erika Editor," in html
    entry = PageLogEntry.objects.get(page=demo_issue, action="clusterpost.send_test")
    assert entry.user == admin_client.user
    assert entry.data["recipients"] == ["a@example.org", "B@example.org"]
    assert entry.message == "Test email sent"
    follow = admin_client.get(response["Location"])
    assert "sent to a@example.org, B@example.org" in follow.content.decode()


def test_bad_address_sends_nothing(demo_issue, admin_client, clean_outbox):
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    response = admin_client.post(url, {"addresses": "good@example.org, not-an-address, x@@y"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "“not-an-address” is not a valid email address" in body
    assert "“x@@y” is not a valid email address" in body
    # The admin's own field component shows the field and its errors.
    assert "w-field__wrapper" in body and "data-field-errors" in body
    assert outbox_messages(clean_outbox) == []
    assert not PageLogEntry.objects.filter(action="clusterpost.send_test").exists()


def test_empty_form_is_refused(demo_issue, admin_client, clean_outbox):
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    response = admin_client.post(url, {"addresses": " , "})
    assert "Type at least one email address." in response.content.decode()
    assert outbox_messages(clean_outbox) == []


def test_only_editors_of_the_page_may_send_tests(demo_issue, client, django_user_model,
                                                 clean_outbox):
    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard
    for response in (client.get(url), client.post(url, {"addresses": "a@example.org"})):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert outbox_messages(clean_outbox) == []
    GroupPagePermission.objects.create(group=group, page=demo_issue.get_parent(),
                                       permission=Permission.objects.get(codename="change_page"))
    assert client.get(url).status_code == 200


def test_send_test_is_for_issues_only(home, admin_client):
    response = admin_client.get(reverse("newsletter_send_test", args=[home.id]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_test_link_page_explains(admin_client):
    response = admin_client.get(reverse("newsletter_test_link", args=["unsubscribe"]))
    assert "no subscription was changed" in response.content.decode()


# ---- render_issue command ---------------------------------------------------------------

def run(*args):
    out = io.StringIO()
    call_command("render_issue", *args, stdout=out)
    return out.getvalue()


def test_render_issue_command_html_text_eml(demo_issue):
    html = run(demo_issue.slug)
    check_html(html)
    assert T.PREFIX not in html
    text = run(str(demo_issue.id), "--text")
    assert "NEWSLETTER JANUARY 2017" in text
    raw = run(demo_issue.slug, "--eml", "--to", "someone@example.org")
    message = email.message_from_string(raw, policy=policy.default)
    assert message["To"] == "someone@example.org"
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == text


def test_render_issue_command_errors(demo_issue):
    with pytest.raises(CommandError, match="No issue with slug 'nope'"):
        run("nope")
    with pytest.raises(CommandError, match="not a valid email address"):
        run(demo_issue.slug, "--eml", "--to", "bad")


def test_transport_failure_is_reported_and_logged(demo_issue, admin_client, clean_outbox,
                                                  monkeypatch):
    from newsletter.transports import TemporaryError
    from newsletter.transports.outbox import OutboxTransport

    original = OutboxTransport.send

    def flaky(self, message):
        if message.recipient == "second@example.org":
            raise TemporaryError("Throttling: maximum sending rate exceeded")
        return original(self, message)

    monkeypatch.setattr(OutboxTransport, "send", flaky)
    url = reverse("newsletter_send_test", args=[demo_issue.id])
    response = admin_client.post(url, {"addresses": "first@example.org, second@example.org, "
                                                    "third@example.org"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "could not be sent to second@example.org" in body
    assert "Throttling" in body and "sent to first@example.org before that" in body
    assert [m["To"].addresses[0].addr_spec for m in outbox_messages(clean_outbox)] == [
        "first@example.org"]
    entry = PageLogEntry.objects.get(page=demo_issue, action="clusterpost.send_test")
    assert entry.data["recipients"] == ["first@example.org"]
    assert entry.data["failed"] == "second@example.org"
