"""Snippets and partnership settings in several languages, and the translated issue."""

import pytest
from wagtail.models import Locale, Site

from cms.issue_languages import issue_languages
from cms.models import MemberCluster, PartnershipSettings, SmeTool
from cms.translations import localized_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def fr(french_demo):
    return Locale.objects.get(language_code="fr")


def test_existing_snippets_belong_to_the_default_language():
    default = Locale.get_default()
    assert SmeTool.objects.filter(locale=default).count() == 4
    assert MemberCluster.objects.exclude(locale=default).count() == 0
    keys = SmeTool.objects.values_list("translation_key", flat=True)
    assert len(set(keys)) == len(keys)


def test_translated_rows_replace_their_source_and_others_fall_back(fr):
    tool = SmeTool.objects.filter(locale=Locale.get_default()).order_by("sort_order").first()
    french = tool.copy_for_translation(fr)
    french.name = "Plateforme eLSI"
    french.save()
    rows = localized_rows(SmeTool, fr)
    assert [row.name for row in rows][:2] == ["Plateforme eLSI", "EasySpeak"]
    assert rows[0].locale_id == fr.pk and rows[1].locale_id == Locale.get_default().pk


def test_partnership_settings_per_language_with_fallback(fr):
    site = Site.objects.get(is_default_site=True)
    default = PartnershipSettings.for_site(site)
    french = PartnershipSettings.for_site_in(site, fr)
    assert french.locale_id == fr.pk and french.site_id == site.pk
    assert french.tagline.startswith("Quatre clusters européens")
    assert french.translation_key == default.translation_key
    german = Locale.objects.create(language_code="de")
    assert PartnershipSettings.for_site_in(site, german) == default


def test_french_issue_translates_what_is_translated_and_marks_the_rest(demo_issue, french_issue):
    english, french = demo_issue.as_issue(), french_issue.as_issue()
    assert french.language == "fr" and english.language == "en"
    assert french.subject.startswith("Lettre d’information bioXclusters plus, janvier 2017")
    assert [s.title for s in french.sections][0] == "Entretien"
    # Never left out: the same articles, each translated or in English.
    assert [len(s.items) for s in french.sections] == [len(s.items) for s in english.sections]
    by_title = {item.title: item for item in french.items}
    assert by_title["Entretien avec José Freitas"].language == "fr"
    assert by_title["Protocole d’accord signé avec Adélaïde (Australie)"].language == "fr"
    assert by_title["LEUKOCARE AG"].language == "en"
    assert french.partnership.tagline.startswith("Quatre clusters")
    tools = next(s for s in french.sections if s.key == "sme_tools").items
    assert {tool.language for tool in tools} == {"en"}


def test_before_you_send_lists_fallbacks_and_subscribers_per_language(demo_issue,
                                                                      french_demo):
    from newsletter.subscribers.models import Subscriber

    for n, language in enumerate(["fr", "fr", "de", "en", "FR-ca", "nl"]):
        Subscriber.objects.create(email=f"r{n}@example.org", language=language,
                                  status=Subscriber.Status.CONFIRMED)
    rows = {row.code: row for row in issue_languages(demo_issue)}
    assert list(rows) == ["en", "fr", "de", "es", "it", "ca"]
    assert rows["fr"].translated and not rows["de"].translated
    assert "LEUKOCARE AG" in rows["fr"].fallback_titles
    assert "Interview with José Freitas" not in rows["fr"].fallback_titles
    assert rows["en"].fallback_titles == ()
    # "FR-ca" reads French; "nl" (not in LANGUAGES) reads the default language.
    assert (rows["fr"].subscribers, rows["de"].subscribers, rows["en"].subscribers) == (3, 1, 2)


def test_before_you_send_panel_renders_the_languages(admin_client, demo_issue,
                                                     french_demo):
    response = admin_client.get(f"/admin/pages/{demo_issue.pk}/edit/")
    body = response.content.decode()
    assert "data-issue-languages" in body
    assert "No translation: the default-language issue." in body
    assert "LEUKOCARE AG" in body
