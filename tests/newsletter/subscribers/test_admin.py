"""Wagtail admin: list, filters, counts, permissions, import upload, export, GDPR views."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from cms.items import Kind
from newsletter.subscribers.models import Subscriber
from newsletter.subscribers.suppression import is_suppressed

pytestmark = pytest.mark.django_db
INDEX = "/admin/subscribers/"


@pytest.fixture
def staff(django_user_model):
    def make(*codenames, username="editor"):
        user = django_user_model.objects.create_user(username=username, password="x", is_staff=True)
        perms = ["wagtailadmin.access_admin", *codenames]
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                             codename=codename))
        return user

    return make


@pytest.fixture
def people(make_subscriber):
    make_subscriber("ada@example.org", name="Ada", country="GB", topics=[Kind.EVENT])
    make_subscriber("bob@example.org", name="Bob", country="DE", topics=[Kind.INTERVIEW])
    make_subscriber("cy@example.org", status=Subscriber.Status.PENDING, country="DE")


def test_list_needs_a_subscriber_permission(client, staff, people):
    client.force_login(staff())
    assert client.get(INDEX).status_code in (302, 403)


def test_list_masks_personal_data_without_the_permission(client, staff, people):
    client.force_login(staff("subscribers.view_subscriber"))
    body = client.get(INDEX).content.decode()
    assert "a•••@example.org" in body and "ada@example.org" not in body and "Ada" not in body
    # Search would reveal who subscribed: it is ignored.
    body = client.get(INDEX, {"q": "ada@example.org"}).content.decode()
    assert "b•••@example.org" in body
    assert client.get(f"{INDEX}edit/1/").status_code in (302, 403)
    assert client.get("/admin/subscriber-tools/export/").status_code in (302, 403)


def test_list_with_counts_filters_and_search(client, staff, people):
    client.force_login(staff("subscribers.view_subscriber", "subscribers.view_personal_data"))
    body = client.get(INDEX).content.decode()
    assert "ada@example.org" in body and "Confirmed: <strong>2</strong>" in body
    assert "Pending confirmation: <strong>1</strong>" in body
    by_topic = client.get(INDEX, {"topic": Kind.EVENT}).content.decode()
    assert "ada@example.org" in by_topic and "bob@example.org" not in by_topic
    by_country = client.get(INDEX, {"country": "DE", "status": "confirmed"}).content.decode()
    assert "bob@example.org" in by_country and "cy@example.org" not in by_country
    assert "ada@example.org" not in by_country
    found = client.get(INDEX, {"q": "bob"}).content.decode()
    assert "bob@example.org" in found and "ada@example.org" not in found


def test_no_add_or_delete(client, admin_user, people):
    client.force_login(admin_user)
    assert client.get(f"{INDEX}new/").status_code in (302, 403, 404)
    pk = Subscriber.objects.get(email="ada@example.org").pk
    assert client.post(f"{INDEX}delete/{pk}/").status_code in (302, 403, 404)
    assert Subscriber.objects.filter(pk=pk).exists()


def test_edit_records_an_admin_consent_event(client, admin_user, people):
    client.force_login(admin_user)
    ada = Subscriber.objects.get(email="ada@example.org")
    page = client.get(f"{INDEX}edit/{ada.pk}/")
    assert page.status_code == 200 and b"Erase personal data" in page.content
    response = client.post(f"{INDEX}edit/{ada.pk}/", {
        "name": "Ada K", "organisation": "", "country": "GB", "language": "en",
        "topics": [Kind.EVENT, Kind.GATEWAY_NEWS]})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.name == "Ada K" and ada.topics == [Kind.GATEWAY_NEWS, Kind.EVENT]
    event = ada.consent_events.get()
    assert event.source == "admin" and set(event.detail["fields"]) == {"name", "topics"}


def test_import_upload_dry_run_then_real(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff("subscribers.view_subscriber", "subscribers.import_subscribers"))
    content = (b"email,consent_source,consent_date\nada@example.org,Fair,2016-01-01\n"
               b"bad,Fair,2016-01-01\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/subscriber-tools/import/", {
            "file": SimpleUploadedFile("list.csv", content), "dry_run": "on", "skip_bad_rows": "on"})
    body = client.get(response["Location"]).content.decode()
    assert "Dry run" in body and "line 3, column email" in body
    assert not Subscriber.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/subscriber-tools/import/", {
            "file": SimpleUploadedFile("list.csv", content), "skip_bad_rows": "on"})
    assert "Rows that went in: lines 2" in client.get(response["Location"]).content.decode()
    assert Subscriber.objects.get().email == "ada@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        empty = client.post("/admin/subscriber-tools/import/",
                            {"file": SimpleUploadedFile("e.csv", b"")})
    assert empty.status_code == 200  # Django refuses an empty upload in the form
    page = client.get("/admin/subscriber-tools/import/")
    assert page.status_code == 200 and "list.csv" in page.content.decode()


def test_import_needs_its_permission(client, staff):
    client.force_login(staff("subscribers.view_subscriber"))
    assert client.get("/admin/subscriber-tools/import/").status_code in (302, 403)


def test_export_download_follows_filters(client, staff, people):
    client.force_login(staff("subscribers.view_subscriber", "subscribers.view_personal_data",
                             "subscribers.export_subscribers"))
    response = client.get("/admin/subscriber-tools/export/", {"country": "DE"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert "bob@example.org" in body and "cy@example.org" in body and "ada@example.org" not in body


def test_gdpr_data_and_erasure(client, staff, people):
    user = staff("subscribers.view_subscriber", "subscribers.change_subscriber",
                 "subscribers.view_personal_data", "subscribers.erase_subscriber")
    client.force_login(user)
    ada = Subscriber.objects.get(email="ada@example.org")
    data = client.get(f"/admin/subscriber-tools/{ada.pk}/data/")
    assert json.loads(data.content)["email"] == "ada@example.org"
    client.post(f"{INDEX}edit/{ada.pk}/", {"name": "Ada", "organisation": "", "country": "GB",
                                          "language": "en", "topics": [Kind.EVENT]})
    confirm = client.get(f"/admin/subscriber-tools/{ada.pk}/erase/")
    assert confirm.status_code == 200 and b"cannot be undone" in confirm.content
    assert Subscriber.objects.get(pk=ada.pk).email == "ada@example.org"  # GET changes nothing
    response = client.post(f"/admin/subscriber-tools/{ada.pk}/erase/")
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.email is None and ada.name == ""
    assert is_suppressed("ada@example.org")
    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("ada@" in label for label in labels)


def test_erasure_needs_its_permission(client, staff, people):
    client.force_login(staff("subscribers.view_subscriber", "subscribers.view_personal_data"))
    ada = Subscriber.objects.get(email="ada@example.org")
    assert client.post(f"/admin/subscriber-tools/{ada.pk}/erase/").status_code in (302, 403)
    ada.refresh_from_db()
    assert ada.email == "ada@example.org"


def test_inspect_shows_the_consent_history(client, staff, people):
    from newsletter.subscribers import lifecycle

    ada = Subscriber.objects.get(email="ada@example.org")
    lifecycle.update_preferences(ada, topics=[Kind.EVENT], language="de", name="Ada")
    lifecycle.unsubscribe(ada, source="one_click")
    client.force_login(staff("subscribers.view_subscriber", "subscribers.view_personal_data"))
    body = client.get(f"{INDEX}inspect/{ada.pk}/").content.decode()
    assert "Consent history" in body and "Changed preferences" in body
    assert "One-click unsubscribe (RFC 8058)" in body and "is on the suppression list" in body
    client.force_login(staff("subscribers.view_subscriber", username="other"))
    assert client.get(f"{INDEX}inspect/{ada.pk}/").status_code in (302, 403)
