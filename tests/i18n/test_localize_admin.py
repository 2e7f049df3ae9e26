"""wagtail-localize 1.14 on Wagtail 7.4 in the admin: translate, edit the translation
with its string status, PO export and import, sync after the source changes, and the
partnership settings' translations."""

import polib
import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation

from cms.models import PartnershipSettings, SmeTool

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview_translation(french_demo):
    from cms.models import InterviewPage

    english = InterviewPage.objects.get(slug="jose-freitas-eu-cluster-policy",
                                        locale=Locale.get_default())
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    return english, french, Translation.objects.get(source__object_id=english.translation_key,
                                                    target_locale__language_code="fr")


def test_translate_action_offers_the_other_languages(admin_client, demo_issue):
    from cms.models import SuccessStoryPage

    story = SuccessStoryPage.objects.get(slug="leukocare-ag")
    es = Locale.objects.create(language_code="es")
    response = admin_client.get(reverse("wagtail_localize:submit_page_translation",
                                        args=[story.pk]))
    assert response.status_code == 200
    assert f'value="{es.pk}"' in response.content.decode()
    response = admin_client.post(reverse("wagtail_localize:submit_page_translation",
                                         args=[story.pk]), {"locales": [es.pk]})
    assert response.status_code == 302
    assert story.get_translation(es).title == "LEUKOCARE AG"  # to be translated


def test_translation_editor_and_po_round_trip(admin_client, interview_translation):
    english, french, translation = interview_translation
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[french.pk]))
    assert edit.status_code == 200 and "Entretien avec José Freitas" in edit.content.decode()

    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    summary = next(e for e in po if e.msgid.startswith("Mr. José Freitas from the DG"))
    assert summary.msgstr.startswith("M. José Freitas, de la DG")

    summary.msgstr = "Résumé revu par une traductrice."
    upload = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": _file(str(po)), "next": "/admin/"})
    assert upload.status_code == 302
    translation.save_target(publish=True)
    french.refresh_from_db()
    assert french.specific.summary == "Résumé revu par une traductrice."


def test_sync_after_the_source_changes(admin_client, interview_translation):
    english, french, translation = interview_translation
    english.interviewee_name = "José M. Freitas"
    english.save_revision().publish()
    response = admin_client.post(
        reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
        {"publish_translations": "on"})
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.specific.interviewee_name == "José M. Freitas"
    assert french.specific.title == "Entretien avec José Freitas"  # kept


def test_snippets_and_partnership_translations_in_the_admin(admin_client, french_demo,
                                                           demo_issue):
    tool = SmeTool.objects.filter(locale=Locale.get_default()).first()
    url = reverse("wagtail_localize:submit_snippet_translation",
                  args=["cms", "smetool", tool.pk])
    assert admin_client.get(url).status_code == 200
    listing = admin_client.get(reverse("wagtailsnippets_cms_partnershipsettings:list"))
    body = listing.content.decode()
    assert listing.status_code == 200 and "French" in body
    assert reverse("wagtailsnippets_cms_partnershipsettings:add") not in body
    assert admin_client.get(reverse("wagtailsnippets_cms_partnershipsettings:add")
                            ).status_code in (302, 403)
    settings_screen = admin_client.get(reverse("wagtailsettings:edit", args=[
        "cms", "partnershipsettings", PartnershipSettings.for_site(demo_issue.get_site()).site_id]))
    assert settings_screen.status_code == 200
    assert "Four European life-science clusters" in settings_screen.content.decode()


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("translation.po", text.encode(), content_type="text/x-gettext")
