"""The .po catalogues: complete in every language, compiling, and up to date with the
code (makemessages finds nothing new)."""

import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

from .conftest import LOCALE_DIR

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(code):
    return polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(code):
    po = catalogue(code)
    assert len(po) > 100
    empty = [e.msgid for e in po if (not all(e.msgstr_plural.values()) if e.msgid_plural
                                     else not e.msgstr)]
    assert empty == []
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_catalogue_compiles_with_format_checks(code, tmp_path):
    """msgfmt --check refuses a translation whose %(name)s placeholders differ."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)s|<[^>]+>")
    for code in LANGUAGES:
        for entry in catalogue(code):
            if entry.msgid_plural:
                continue
            assert sorted(placeholder.findall(entry.msgid)) == sorted(
                placeholder.findall(entry.msgstr)), (code, entry.msgid)


def test_makemessages_finds_nothing_new(tmp_path):
    """Run makemessages on a copy of the code: the copied catalogues must not change."""
    root = settings.BASE_DIR
    for name in ("cms", "feeds", "newsletter", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    before = {code: {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue(code)}
              for code in LANGUAGES}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--all", "--no-obsolete", "--no-location",
         "-e", "html,txt,mjml,py", "--ignore=tests", "--ignore=bench", "--ignore=var"],
        cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"})
    assert result.returncode == 0, result.stderr
    for code in LANGUAGES:
        after = polib.pofile(str(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"))
        found = {(e.msgctxt, e.msgid, e.msgid_plural) for e in after}
        assert found - before[code] == set(), f"{code}: strings not in the catalogue"
        assert before[code] - found == set(), f"{code}: strings no longer in the code"
