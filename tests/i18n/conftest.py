"""Fixtures for the multilingual tests: compiled catalogues (runtests and quickstart
compile them; a plain pytest run may not have), a private outbox, the French demo."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    call_command("compilemessages", ignore_patterns=[".venv", "var", "tests"], verbosity=0)
    # Forget catalogues Django may have loaded before they were compiled.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture
def outbox(settings, tmp_path) -> Path:
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings.OUTBOX_DIR


@pytest.fixture
def french_demo(demo_issue):
    """The demo with its French translation, added inside this test's transaction (the
    session's demo is English only, so that other tests see one language)."""
    from wagtail.models import Site

    from cms.demo.loader import load_demo_translations

    summary = load_demo_translations()
    Site.clear_site_root_paths_cache()
    yield summary
    Site.clear_site_root_paths_cache()


@pytest.fixture
def french_issue(french_demo):
    """The demo issue's French translation."""
    return french_demo.translated_issue.specific


LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
