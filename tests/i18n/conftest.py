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
def french_issue(demo_issue):
    """The demo issue's French translation (loaded with the demo)."""
    from wagtail.models import Locale

    return demo_issue.get_translation(Locale.objects.get(language_code="fr")).specific


LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
