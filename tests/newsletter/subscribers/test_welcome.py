"""The welcome email: end to end through the public form, the outbox and a real
db_worker; once per confirmation; never to suppressed addresses; switched off; the
editors' preview and settings panel."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.links import page_url
from cms.models import PartnershipSettings
from cms.welcome import welcome_in
from newsletter.rendering.welcome import render_welcome
from newsletter.subscribers import lifecycle, welcome
from newsletter.subscribers.models import Subscriber
from newsletter.subscribers.tasks import send_welcome_email
from newsletter.transports import TemporaryError, UnknownOutcomeError

from .conftest import link_in, read_outbox
from .test_views import SUBSCRIBE, form, path_of

Status = Subscriber.Status
WELCOME_SUBJECT = "Welcome to the bioXclusters plus newsletter"
WELCOME_LINE = "Thank you for confirming your subscription."


def welcomes(outbox):
    return [m for m in read_outbox(outbox) if m["Subject"] == WELCOME_SUBJECT]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def partnership():
    return PartnershipSettings.for_site(Site.objects.get(is_default_site=True))


def confirmed(make_subscriber, **fields):
    fields.setdefault("confirmed_at", timezone.now())
    return make_subscriber(**fields)


@pytest.mark.django_db(transaction=True)
def test_subscribe_confirm_and_the_worker_sends_one_welcome(client, demo_issue, settings, outbox):
    """What a reader does: the public form, the confirmation link from the outbox, the
    confirm button; a real db_worker (django-tasks' database backend, default queue)
    sends the welcome. Confirming again, or the task running again, sends nothing."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    assert client.post(SUBSCRIBE, form()).status_code == 302
    run_worker()
    [confirmation] = read_outbox(outbox)
    confirm_url = link_in(confirmation, "/newsletter/confirm/")
    assert client.post(path_of(confirm_url)).status_code == 200
    [queued] = DBTaskResult.objects.filter(task_path=send_welcome_email.module_path)
    assert queued.queue_name == "default" and queued.status == "READY"
    assert not welcomes(outbox)  # the page answered; the worker sends
    run_worker()

    [message] = welcomes(outbox)
    assert message["To"].addresses[0].addr_spec == "ada@example.org"
    assert message["Reply-To"] and message["Message-ID"]
    assert message["Content-Language"] == "en"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = text_of(message), html_of(message)
    assert text.startswith("bioXclusters plus\n") and "Dear Ada," in text
    assert WELCOME_LINE in text and WELCOME_LINE in html
    issue_url = page_url(demo_issue)
    assert issue_url.startswith("http://testserver/")  # SITE_URL
    assert f"Our latest issue: {demo_issue.title}\n{issue_url}" in text
    assert f'href="{issue_url}"' in html and "Read the latest issue" in html
    assert "View in browser" not in html  # a welcome has no web version
    assert '<html lang="en"' in html and "fonts.googleapis" not in html
    preferences = link_in(message, "/newsletter/preferences/")
    assert preferences in html
    assert client.get(path_of(preferences)).status_code == 200

    # The link clicked twice: no second task, no second message.
    assert client.post(path_of(confirm_url)).status_code == 200
    assert DBTaskResult.objects.filter(task_path=send_welcome_email.module_path).count() == 1
    run_worker()
    # The task run again (a retry, a second worker): nothing more.
    assert send_welcome_email.call(Subscriber.objects.get().pk) == ""
    assert len(welcomes(outbox)) == 1

    # The welcome's own unsubscribe: List-Unsubscribe's one-click POST.
    unsubscribe = message["List-Unsubscribe"].split(",")[0].strip().strip("<>")
    assert unsubscribe == link_in(message, "/newsletter/unsubscribe/")
    response = client.post(path_of(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_confirming_queues_the_welcome_once(client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, form(name="Grace"))
    url = link_in(read_outbox(outbox)[0], "/newsletter/confirm/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(path_of(url))
    assert len(welcome_callbacks(callbacks)) == 1
    [message] = welcomes(outbox)
    assert "Dear Grace," in text_of(message)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(path_of(url))
    assert welcome_callbacks(callbacks) == [] and len(welcomes(outbox)) == 1


def welcome_callbacks(callbacks) -> list:
    """The on-commit callbacks that queue a welcome (a confirmation may also bump the
    content generation, e.g. when the welcome's logo rendition is made)."""
    return [callback for callback in callbacks
            if "_welcome_later" in getattr(callback, "__qualname__", "")]


@pytest.mark.django_db
def test_a_task_run_twice_sends_once_and_a_later_confirmation_is_welcomed_again(
        make_subscriber, outbox):
    subscriber = confirmed(make_subscriber)
    assert welcome.send_welcome(subscriber.pk)
    assert welcome.send_welcome(subscriber.pk) == ""
    assert len(welcomes(outbox)) == 1
    lifecycle.unsubscribe(subscriber, source="admin")
    assert welcome.send_welcome(subscriber.pk) == ""  # unsubscribed: nothing
    lifecycle.request_subscription(subscriber.email)
    subscriber.refresh_from_db()
    lifecycle.confirm(subscriber, nonce=subscriber.confirm_nonce)
    assert welcome.send_welcome(subscriber.pk)  # a new confirmation, a new welcome
    assert len(welcomes(outbox)) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.BOUNCED, Status.COMPLAINED, Status.UNSUBSCRIBED])
def test_no_welcome_to_a_suppressed_address(make_subscriber, outbox, status):
    subscriber = confirmed(make_subscriber)
    {Status.BOUNCED: lifecycle.mark_bounced, Status.COMPLAINED: lifecycle.mark_complained,
     Status.UNSUBSCRIBED: lambda email: lifecycle.unsubscribe(subscriber, source="admin")
     }[status](subscriber.email)
    assert welcome.send_welcome(subscriber.pk) == ""
    assert not welcomes(outbox)


@pytest.mark.django_db
def test_no_welcome_to_a_confirmed_row_whose_address_is_on_the_list(make_subscriber, outbox):
    from newsletter.subscribers.suppression import suppress

    subscriber = confirmed(make_subscriber)
    suppress(subscriber.email, "manual")
    assert welcome.send_welcome(subscriber.pk) == ""
    assert not welcomes(outbox) and Subscriber.objects.get().welcomed_at is None


@pytest.mark.django_db
def test_turned_off_sends_none(make_subscriber, outbox):
    settings_row = partnership()
    settings_row.welcome_enabled = False
    settings_row.save()
    subscriber = confirmed(make_subscriber)
    assert welcome.send_welcome(subscriber.pk) == ""
    assert not read_outbox(outbox) and Subscriber.objects.get().welcomed_at is None


@pytest.mark.django_db
def test_on_without_text_is_refused_by_the_settings_form():
    settings_row = partnership()
    settings_row.welcome_text = "<p> </p>"
    with pytest.raises(ValidationError) as error:
        settings_row.full_clean()
    assert "welcome_text" in error.value.message_dict
    settings_row.welcome_enabled = False
    settings_row.full_clean()  # off: the text may be empty


@pytest.mark.django_db
def test_default_subject_and_no_issue_link_without_a_published_issue(make_subscriber, demo_issue,
                                                                     outbox):
    settings_row = partnership()
    settings_row.welcome_subject = ""
    settings_row.save()
    demo_issue.unpublish()
    subscriber = confirmed(make_subscriber)
    assert welcome.send_welcome(subscriber.pk)
    [message] = read_outbox(outbox)
    assert message["Subject"] == "Welcome to bioXclusters plus"
    assert "Our latest issue" not in text_of(message)
    assert "Read the latest issue" not in html_of(message)


@pytest.mark.django_db
def test_a_failed_send_gives_the_claim_back_an_unknown_outcome_keeps_it(make_subscriber, monkeypatch,
                                                                        outbox):
    from newsletter.transports.outbox import OutboxTransport

    subscriber = confirmed(make_subscriber)

    def refuse(self, message):
        raise TemporaryError("throttled")

    monkeypatch.setattr(OutboxTransport, "send", refuse)
    with pytest.raises(TemporaryError):
        welcome.send_welcome(subscriber.pk)
    assert Subscriber.objects.get().welcomed_at is None  # a later run may send it

    def lost(self, message):
        raise UnknownOutcomeError("timed out after the request went out")

    monkeypatch.setattr(OutboxTransport, "send", lost)
    with pytest.raises(UnknownOutcomeError):
        welcome.send_welcome(subscriber.pk)
    assert Subscriber.objects.get().welcomed_at is not None  # maybe sent: never again
    monkeypatch.undo()
    assert welcome.send_welcome(subscriber.pk) == ""


@pytest.mark.django_db
def test_rendered_welcome_has_the_issue_chrome_and_tokens():
    rendered = render_welcome(welcome_in("en"))
    assert rendered.subject == WELCOME_SUBJECT
    assert rendered.preheader.startswith(WELCOME_LINE)
    assert len(rendered.preheader) <= 110
    for token in ("%%CP-GREETING%%", "%%CP-UNSUBSCRIBE-URL%%", "%%CP-PREFERENCES-URL%%"):
        assert token in rendered.html and token in rendered.text
    assert "You receive this newsletter because you subscribed" in rendered.html
    assert "1 Example Street" in rendered.html and "1 Example Street" in rendered.text
    assert max(len(line) for line in rendered.text.splitlines()
               if "://" not in line and "%%CP-" not in line) <= 78


@pytest.mark.django_db
def test_editor_previews_the_welcome_as_html_and_text(admin_client, admin_user):
    admin_user.first_name, admin_user.last_name = "Erika", "Editor"
    admin_user.save()
    html = admin_client.get(reverse("newsletter_welcome_preview", args=["en", "html"]))
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    body = html.content.decode()
    assert "Dear Erika Editor," in body and WELCOME_LINE in body
    assert "/admin/newsletter/test-link/unsubscribe/" in body  # harmless sample links
    text = admin_client.get(reverse("newsletter_welcome_preview", args=["en", "text"]))
    assert text["Content-Type"].startswith("text/plain")
    assert WELCOME_LINE in text.content.decode() and "%%CP-" not in text.content.decode()
    assert admin_client.get("/admin/newsletter/welcome-preview/xx/html/").status_code == 404
    assert admin_client.get("/admin/newsletter/welcome-preview/en/pdf/").status_code == 404


@pytest.mark.django_db
def test_preview_without_text_says_what_to_do(admin_client):
    settings_row = partnership()
    settings_row.welcome_enabled, settings_row.welcome_text = False, ""
    settings_row.save()
    response = admin_client.get(reverse("newsletter_welcome_preview", args=["en", "html"]))
    assert response.status_code == 200
    assert "The welcome email has no text yet" in response.content.decode()


@pytest.mark.django_db
def test_preview_needs_the_settings_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse("newsletter_welcome_preview", args=["en", "html"])
    refused = client.get(url)  # Wagtail's admin answers PermissionDenied with a redirect
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    user.user_permissions.add(Permission.objects.get(codename="change_partnershipsettings"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_settings_screen_has_the_welcome_fields_and_preview_links(admin_client):
    settings_row = partnership()
    response = admin_client.get(reverse("wagtailsettings:edit", args=[
        "cms", "partnershipsettings", settings_row.site_id]))
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("welcome_enabled", "welcome_subject", "welcome_text"):
        assert f'name="{name}"' in body
    assert "data-welcome-preview" in body
    assert reverse("newsletter_welcome_preview", args=["en", "html"]) in body
    assert reverse("newsletter_welcome_preview", args=["en", "text"]) in body
