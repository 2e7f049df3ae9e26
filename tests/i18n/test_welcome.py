"""The welcome email in the subscriber's language: the settings' French translation,
the French issue, French links and chrome; a language without a settings translation
gets the default language's email."""

import email
import email.policy

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Site

from cms.links import page_url
from cms.models import PartnershipSettings
from newsletter.subscribers import welcome
from newsletter.subscribers.models import Subscriber

pytestmark = pytest.mark.django_db


def messages(outbox):
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(outbox.glob("*.eml"))]


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    return text, message.get_body(preferencelist=("html",)).get_content()


def test_french_sign_up_gets_the_french_welcome(client, outbox, french_issue,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/newsletter/subscribe/", {
            "email": "marie@example.org", "name": "Marie", "organisation": "", "country": "",
            "language": "fr", "topics": ["interview"], "consent": "on", "website": ""})
    [confirmation] = messages(outbox)
    text, _html = parts(confirmation)
    confirm = next(word for word in text.split() if "/fr/newsletter/confirm/" in word)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm.removeprefix("http://testserver")).status_code == 200
    [message] = [m for m in messages(outbox) if m["Message-ID"] != confirmation["Message-ID"]]
    assert message["Subject"] == "Bienvenue dans la lettre d’information de bioXclusters plus"
    assert message["Content-Language"] == "fr"
    text, html = parts(message)
    assert "Bonjour Marie," in text and "Merci d’avoir confirmé votre abonnement." in text
    french_url = page_url(french_issue)
    assert "/fr/" in french_url
    assert f"Notre dernier numéro : {french_issue.title}\n{french_url}" in text
    assert f'href="{french_url}"' in html and "Lire le dernier numéro" in html
    assert "Modifier vos préférences" in html and "Se désabonner" in html
    assert "/fr/newsletter/preferences/" in text and "/fr/newsletter/unsubscribe/" in text
    assert '<html lang="fr"' in html
    assert "Thank you for confirming" not in text and "Our latest issue" not in text


def test_a_language_without_a_settings_translation_gets_the_default_welcome(french_demo, outbox):
    reader = Subscriber.objects.create(email="hans@example.org", name="Hans", language="de",
                                       status="confirmed", confirmed_at=timezone.now())
    assert welcome.send_welcome(reader.pk)
    [message] = messages(outbox)
    assert message["Content-Language"] == "en"
    assert message["Subject"] == "Welcome to the bioXclusters plus newsletter"
    text, _html = parts(message)
    assert "Dear Hans," in text and "Update your preferences" in text


def test_the_french_preview_shows_the_french_text(admin_client, french_demo):
    response = admin_client.get("/admin/newsletter/welcome-preview/fr/text/")
    assert response["Content-Language"] == "fr"
    assert "Merci d’avoir confirmé votre abonnement." in response.content.decode()
    row = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    panel = admin_client.get(reverse("wagtailsettings:edit",
                                     args=["cms", "partnershipsettings", row.site_id]))
    assert panel.status_code == 200
    assert "/admin/newsletter/welcome-preview/fr/html/" in panel.content.decode()


def test_a_translation_without_welcome_text_falls_back_to_the_default_language(french_demo,
                                                                               outbox):
    row = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    translation = row.get_translation(Locale.objects.get(language_code="fr"))
    translation.welcome_text = ""
    translation.save()
    reader = Subscriber.objects.create(email="marie@example.org", language="fr",
                                       status="confirmed", confirmed_at=timezone.now())
    assert welcome.send_welcome(reader.pk)
    [message] = messages(outbox)
    assert message["Content-Language"] == "en"
    assert "Thank you for confirming your subscription." in parts(message)[0]
