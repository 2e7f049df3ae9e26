"""Subscribers' language: CSV import and export, admin filter, preference centre, and a
French sign-up gets French confirmation mail."""

import email
import email.policy
import io
import re

import pytest

from newsletter.subscribers.exporting import rows
from newsletter.subscribers.importing import import_csv
from newsletter.subscribers.models import Subscriber

pytestmark = pytest.mark.django_db
HEADER = "email,language,consent_source,consent_date\n"


def run(text):
    return import_csv(io.BytesIO(text.encode()))


def test_import_matches_bcp47_codes_to_the_site_languages():
    report = run(HEADER + "a@example.org,FR,Fair,2016-01-01\nb@example.org,ca-ES,Fair,2016-01-01\n"
                 "c@example.org,,Fair,2016-01-01\nd@example.org,de_AT,Fair,2016-01-01\n")
    assert report.committed and not report.errors
    assert dict(Subscriber.objects.values_list("email", "language")) == {
        "a@example.org": "fr", "b@example.org": "ca", "c@example.org": "en",
        "d@example.org": "de"}


def test_unknown_language_is_a_row_error_with_its_line_and_nothing_is_saved():
    report = run(HEADER + "a@example.org,fr,Fair,2016-01-01\nb@example.org,nl,Fair,2016-01-01\n")
    assert not report.committed and Subscriber.objects.count() == 0
    error = report.errors[0]
    assert (error.line, error.column) == (3, "language")
    assert "'nl'" in error.reason and "en, fr, de, es, it, ca" in error.reason


def test_export_has_the_language_column():
    Subscriber.objects.create(email="a@example.org", language="it",
                              status=Subscriber.Status.CONFIRMED)
    header, row = list(rows(Subscriber.objects.all()))
    assert row[header.index("language")] == "it"


def test_admin_filters_subscribers_by_language(admin_client):
    Subscriber.objects.create(email="fr@example.org", language="fr")
    Subscriber.objects.create(email="de@example.org", language="de")
    body = admin_client.get("/admin/subscribers/?language=fr").content.decode()
    assert "fr@example.org" in body and "de@example.org" not in body


def test_preference_centre_offers_every_site_language(client):
    from newsletter.subscribers import links

    subscriber = Subscriber.objects.create(email="a@example.org", language="ca",
                                           status=Subscriber.Status.CONFIRMED)
    body = client.get(links.preferences_url(subscriber).removeprefix("http://testserver")
                      ).content.decode()
    options = re.findall(r'<option value="(\w+)"', body)
    assert options[-6:] == ["en", "fr", "de", "es", "it", "ca"]
    assert '<option value="ca" selected>' in body


def test_french_sign_up_gets_french_confirmation_mail(client, outbox,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/newsletter/subscribe/", {
            "email": "marie@example.org", "name": "Marie", "organisation": "", "country": "",
            "language": "fr", "topics": ["interview"], "consent": "on", "website": ""})
    assert response.status_code == 302
    assert Subscriber.objects.get(email="marie@example.org").language == "fr"
    [path] = list(outbox.glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Veuillez confirmer votre abonnement à bioXclusters plus"
    assert message["Content-Language"] == "fr"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.startswith("Bonjour,") and "Le lien est valable 7 jours." in text
    assert re.search(r"http://testserver/fr/newsletter/confirm/\S+/", text)
    assert '<html lang="fr">' in html and "Confirmer mon abonnement" in html


def test_english_reader_of_the_french_page_gets_english_mail(
        client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/newsletter/subscribe/", {
            "email": "ada@example.org", "name": "", "organisation": "", "country": "",
            "language": "en", "topics": ["interview"], "consent": "on", "website": ""})
    [path] = list(outbox.glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Please confirm your subscription to bioXclusters plus"
    assert message["Content-Language"] == "en"
    assert "/fr/" not in message.get_body(preferencelist=("plain",)).get_content()
