"""A translated issue loads in bulk (cms.models.loading): as many queries as the default
language's issue, whatever the number of articles and translations, and exactly the
Issue of the article-by-article path (each chosen object's live translation in the
issue's locale, else the object itself, marked with its own language)."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page

from cms.models import IssuePage, MemberCluster, SmeTool
from tests.cms.test_loading import DEMO_MAX_QUERIES, fresh, reference_issue, warm_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_issues")]


def translate_more(french_issue: IssuePage) -> list[str]:
    """Publish French translations of the issue's untranslated articles and of an SME
    tool and a member cluster; returns the new French titles."""
    fr = french_issue.locale
    titles = []
    for chosen in [item for section in french_issue.sections
                   for item in section.value.get("items") or [] if isinstance(item, Page)]:
        chosen = chosen.specific
        if chosen.locale_id == fr.pk or chosen.has_translation(fr) or len(titles) >= 3:
            continue
        copy = chosen.copy_for_translation(fr, copy_parents=True).specific
        copy.title = f"{chosen.title} (FR)"
        copy.save_revision().publish()
        titles.append(copy.title)
    for model in (SmeTool, MemberCluster):
        row = model.objects.filter(locale=Locale.get_default()).exclude(
            translation_key__in=model.objects.filter(locale=fr).values("translation_key")).first()
        copy = row.copy_for_translation(fr)
        copy.name = f"{row.name} (FR)"
        copy.save()
        titles.append(copy.name)
    return titles


def test_the_french_issue_is_the_article_by_article_issue(french_issue):
    assert fresh(french_issue.pk).as_issue() == reference_issue(fresh(french_issue.pk))
    assert fresh(french_issue.pk).as_issue(include_drafts=True) == reference_issue(
        fresh(french_issue.pk), include_drafts=True)
    with translation.override("fr"):  # as campaign snapshots load it
        assert fresh(french_issue.pk).as_issue() == reference_issue(
            fresh(french_issue.pk))


def test_the_french_issue_takes_as_few_queries_as_the_english(demo_issue, french_issue):
    english, _ = warm_count(demo_issue.pk)
    french, issue = warm_count(french_issue.pk)
    assert issue.language == "fr"
    assert len(french) == len(english), "\n".join(french)
    page = fresh(french_issue.pk)  # warm_count includes this query
    with CaptureQueriesContext(connection) as captured, translation.override("fr"):
        page.as_issue()
    assert len(captured) <= DEMO_MAX_QUERIES, "\n".join(q["sql"][:120] for q in captured)


def test_more_translations_add_no_query(french_issue):
    with translation.override("fr"):
        before, small = warm_count(french_issue.pk)
        titles = translate_more(fresh(french_issue.pk))
        after, large = warm_count(french_issue.pk)
        assert len(after) == len(before), "\n".join(after)
        shown = {item.title: item.language for item in large.items}
        assert len(titles) >= 4 and set(titles) <= set(shown), shown
        assert all(shown[title] == "fr" for title in titles), shown  # member cluster too
        assert large == reference_issue(fresh(french_issue.pk))
        assert len(large.items) == len(small.items)


def test_an_unpublished_translation_falls_back_to_the_article(french_issue):
    translated = next(item for item in fresh(french_issue.pk).as_issue().items
                      if item.language == "fr" and item.id.startswith("clusterpost:page:"))
    page = Page.objects.get(pk=int(translated.id.rsplit(":", 1)[1]))
    page.unpublish()
    issue = fresh(french_issue.pk).as_issue()
    source = page.get_translation(Locale.get_default())
    fallback = next(item for item in issue.items if item.id == f"clusterpost:page:{source.pk}")
    assert fallback.language == "en" and translated.title not in [i.title for i in issue.items]
    assert issue == reference_issue(fresh(french_issue.pk))
