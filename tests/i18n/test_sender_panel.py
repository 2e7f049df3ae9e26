"""The partnership settings' Sender panel in the editor's admin language: its labels and
help texts (the sender rule, naming the server's addresses) come from the catalogues."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Site
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def test_a_french_editor_reads_the_sender_rule_in_french(admin_client, admin_user, settings):
    settings.DEFAULT_FROM_EMAIL = "bioXclusters plus <news@bioxclusters.example>"
    settings.NEWSLETTER_REPLY_TO = ""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(reverse("wagtailsettings:edit", args=[
        "cms", "partnershipsettings", site.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nom de l’expéditeur" in body and "Adresse de réponse" in body
    assert escape("Laissez vide pour utiliser le nom du partenariat. L’adresse est toujours "
                  "l’adresse d’envoi vérifiée du serveur, news@bioxclusters.example.") in body
    assert escape("Laissez vide pour recevoir les réponses à l’adresse d’envoi, "
                  "news@bioxclusters.example.") in body
    assert "Leave empty" not in body
