"""A translated issue is cached like the default language's (cms.issue_cache), and
publishing a translation of a chosen article is seen at the next read."""

import pytest
from django.utils import translation
from wagtail.models import Page

from cms.models import ContentGeneration
from tests.cms.test_issue_cache import as_committed, cached, fresh, other_process, uncached  # noqa: F401  other_process: a fixture

pytestmark = pytest.mark.django_db


def untranslated_article(french_issue):
    fr = french_issue.locale
    return next(chosen.specific for section in french_issue.sections
                for chosen in section.value.get("items") or []
                if isinstance(chosen, Page) and chosen.locale_id != fr.pk
                and not chosen.has_translation(fr))


@pytest.fixture
def french_committed(french_issue):
    """The French translation as if committed, as it is in a real database."""
    as_committed()
    return french_issue


def test_the_cached_french_issue_is_the_fresh_one(french_committed):
    french_issue = french_committed
    with translation.override("fr"):
        assert cached(french_issue.pk) == uncached(french_issue.pk)


def test_publishing_a_translation_is_seen_at_the_next_read(french_committed,
                                                          other_process):  # noqa: F811
    french_issue = french_committed
    with translation.override("fr"):
        before = cached(french_issue.pk)
        article = untranslated_article(fresh(french_issue.pk))
        generation = ContentGeneration.current()
        with other_process():
            copy = article.copy_for_translation(french_issue.locale, copy_parents=True).specific
            copy.title = f"{article.title} (FR)"
            copy.save_revision().publish()
        assert ContentGeneration.current() > generation
        after = fresh(french_issue.pk).as_issue()
    assert copy.title in [item.title for item in after.items]
    assert copy.title not in [item.title for item in before.items]
    with translation.override("fr"):
        assert after == uncached(french_issue.pk) == cached(french_issue.pk)
