"""`python manage.py runtests [PYTEST_ARGS...]`: the whole test suite.

Runs ruff, the missing-migrations check, compilemessages and pytest (on SQLite, or on PostgreSQL when
DATABASE_URL points there). Installs Debian's chromium for the browser tests when it
is missing and we may (root with apt-get); otherwise those tests are skipped locally
and fail in CI (CI=true), so CI can never pass without the browser.
"""

import os
import shutil
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def ensure_chromium(stdout) -> None:
    if shutil.which("chromium") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    stdout.write("runtests: installing Debian's chromium for the browser tests…")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core"],
                   check=False, env=env, stdout=subprocess.DEVNULL)


class Command(BaseCommand):
    help = "Run the whole test suite: ruff, makemigrations --check, compilemessages and pytest."

    pytest_args: list[str] = []

    def run_from_argv(self, argv):
        # Everything after "runtests" goes to pytest untouched (e.g. -x -k feeds).
        self.pytest_args = argv[2:]
        super().run_from_argv(argv[:2])

    def handle(self, *args, **options):
        pytest_args = self.pytest_args
        root = str(settings.BASE_DIR)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
        ensure_chromium(self.stdout)
        steps = [
            ("ruff", [sys.executable, "-m", "ruff", "check", "."]),
            ("migrations", [sys.executable, "manage.py", "makemigrations", "--check",
                            "--dry-run"]),
            # The .mo catalogues are built, never committed (locale/*/LC_MESSAGES).
            ("catalogues", [sys.executable, "manage.py", "compilemessages", "--ignore", ".venv"]),
            ("pytest", [sys.executable, "-m", "pytest", *pytest_args]),
        ]
        for name, command in steps:
            self.stdout.write(f"runtests: {name}: {' '.join(command[1:])}")
            result = subprocess.run(command, cwd=root, env=env)
            if result.returncode != 0:
                raise CommandError(f"{name} failed (exit {result.returncode})",
                                   returncode=result.returncode)
