"""Shared fixtures. Domain-specific fixtures live in each folder's conftest.py.

The test database holds the demo site (the seed issue "Newsletter January 2017", in
English: tests/i18n adds its French translation where a test needs it): it is
loaded once per session, right after the migrations, and committed, so every ``db``
test starts with it. Tests run inside a transaction that is rolled back, so changes to
it never leak. A ``transactional_db`` test flushes the whole database when it ends;
``home`` and ``demo_issue`` rebuild what they need after such a flush.
"""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from cms import issue_cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: a value cached inside a rolled-back test
    (feeds, the partnership name, rate-limit counters, loaded Issues) must not leak into
    the next."""
    cache.clear()
    issue_cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language. A request through LocaleMiddleware or
    Wagtail's admin (an editor whose admin language is French) activates its language
    for the thread and leaves it active, so the next test would read French messages."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def uncached_issues():
    """as_issue() loads afresh inside the test (cms.issue_cache bypassed): for tests that
    measure the load itself, e.g. its query count."""
    with issue_cache.bypassed():
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cms.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo(translations=False)  # tests/i18n adds the French translation


@pytest.fixture
def home(db):
    """The site root HomePage (created by migration cms.0002; rebuilt after a flush)."""
    from cms.demo.loader import ensure_site

    page, _site = ensure_site()
    return page


@pytest.fixture
def demo_issue(db):
    """The live demo IssuePage "Newsletter January 2017", with all its articles.

    Loaded once per session; loaded again (inside this test's transaction) when a
    transactional test flushed the database before."""
    from wagtail.models import Site

    from cms.demo.loader import find_demo_issue, load_demo

    issue = find_demo_issue()
    if issue is not None:
        yield issue
        return
    load_demo(translations=False)
    yield find_demo_issue()
    # The new Site rows are rolled back with the test: forget Wagtail's cached copy.
    Site.clear_site_root_paths_cache()
