"""quickstart compiles the catalogues on a machine without GNU gettext (Babel writes the
.mo files), and they translate as msgfmt's would."""

import gettext
import shutil

from cms import catalogues


def test_catalogues_compile_without_msgfmt(tmp_path, settings, monkeypatch):
    shutil.copytree(settings.BASE_DIR / "locale", tmp_path / "locale",
                    ignore=shutil.ignore_patterns("*.mo"))
    settings.BASE_DIR = tmp_path
    monkeypatch.setattr(catalogues.shutil, "which", lambda name: None)
    catalogues.compile_catalogues()
    with (tmp_path / "locale/fr/LC_MESSAGES/django.mo").open("rb") as mo:
        french = gettext.GNUTranslations(mo)
    assert french.gettext("View in browser") == "Voir dans le navigateur"
    assert french.ngettext("The link works for %(days)s day.",
                           "The link works for %(days)s days.", 3).endswith("jours.")
