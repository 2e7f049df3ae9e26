"""Member clusters in a translated issue: each Item is in the language of the row shown
(its translation's, else the default language's), and the web page and the email mark a
fallback with ``lang`` as they do for other items."""

import re

import pytest
from wagtail.models import Locale

from cms.models import MemberCluster
from newsletter.rendering import render_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_issues")]
ISSUE = "/fr/newsletters/newsletter-january-2017/"


@pytest.fixture
def french_member(french_demo) -> MemberCluster:
    """The first member cluster translated into French (the others are not)."""
    english = MemberCluster.objects.filter(locale=Locale.get_default()).first()
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.name, french.region = f"{english.name} (FR)", "Région traduite"
    french.save()
    return french


def members(issue):
    return next(section for section in issue.sections if section.key == "about").items


def test_each_member_cluster_is_in_the_language_of_the_row_shown(french_member, french_issue,
                                                                 demo_issue):
    shown = {item.title: item.language for item in members(french_issue.as_issue())}
    assert shown.pop(french_member.name) == "fr"
    assert shown and set(shown.values()) == {"en"}  # the others fall back to English
    assert {item.language for item in members(demo_issue.as_issue())} == {"en"}


def test_the_issue_page_marks_fallback_member_clusters(client, french_member):
    body = client.get(ISSUE).content.decode()
    items = re.findall(r'<li class="member"[^>]*>.*?</li>', body, re.S)
    translated = next(li for li in items if french_member.name in li)
    assert "lang=" not in translated.split(">", 1)[0] and "fallback-note" not in translated
    fallbacks = [li for li in items if li is not translated]
    assert fallbacks and all(li.startswith('<li class="member" lang="en">') for li in fallbacks)
    assert all('<small class="fallback-note" lang="fr">(en anglais)</small>' in li
               for li in fallbacks)


def test_the_email_marks_fallback_member_clusters(french_member, french_issue):
    html = render_issue(french_issue.as_issue()).html
    english = MemberCluster.objects.filter(locale=Locale.get_default()).exclude(
        translation_key=french_member.translation_key).values_list("name", flat=True)
    for name in english:
        assert re.search(rf'<div lang="en">(?:(?!</div>).)*{re.escape(name)}', html, re.S), name
    assert not re.search(rf'<div lang="en">(?:(?!</div>).)*{re.escape(french_member.name)}',
                         html, re.S)
    assert french_member.name in html and "Région traduite" in html
