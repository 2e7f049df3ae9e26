"""Compile the translation catalogues (locale/*/LC_MESSAGES/django.po -> .mo).

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine may
not have. Where it is missing, Babel (already a dependency) writes the same .mo files, so
``quickstart`` works without installing anything from the system's packages."""

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command


def compile_catalogues() -> None:
    if shutil.which("msgfmt"):
        call_command("compilemessages", ignore_patterns=[".venv", "var"], verbosity=0)
        return
    for po_path in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalogue)
