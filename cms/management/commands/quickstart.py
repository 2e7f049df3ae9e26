"""`python manage.py quickstart`: set up everything and run clusterpost locally.

Compiles the translation catalogues (locale/), migrates the database (SQLite by default), loads the demo issue from the seed
newsletter, creates an admin user and prints its credentials, then serves the site
and the Wagtail admin on http://127.0.0.1:8000 together with the background worker
(django-tasks-db `db_worker`). Emails go to the local outbox (OUTBOX_DIR).
"""

import logging
import os
import secrets
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Migrate, load the demo issue, create an admin, then run the site and the worker."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true",
                            help="Set up only; do not start the server and the worker.")

    def handle(self, *args, addr, no_serve, **options):
        var = settings.BASE_DIR / "var"
        var.mkdir(exist_ok=True)
        self.stdout.write("clusterpost: compiling the translations…")
        compile_catalogues()
        self.stdout.write("clusterpost: migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("clusterpost: loading the demo issue (Newsletter January 2017)…")
        # Wagtail logs every page it creates and publishes; the demo's summary says enough.
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        wagtail_logger.setLevel(logging.WARNING)
        try:
            call_command("load_demo")
        finally:
            wagtail_logger.setLevel(level)
        username, password = self.ensure_admin(var / "admin-password.txt")
        self.stdout.write(self.style.SUCCESS(
            f"\n  Site:   http://{addr}/\n  Admin:  http://{addr}/admin/\n"
            f"  Login:  {username} / {password}\n  Outbox: {settings.OUTBOX_DIR}\n"))
        if no_serve:
            return
        self.serve(addr)

    def ensure_admin(self, password_file):
        User = get_user_model()
        username = "admin"
        if password_file.exists() and User.objects.filter(username=username).exists():
            return username, password_file.read_text().strip()
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first() or User(
            username=username, email="admin@example.com")
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        return username, password

    def serve(self, addr):
        manage = str(settings.BASE_DIR / "manage.py")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        # Links in emails and feeds point at the server we start, unless told otherwise.
        env.setdefault("SITE_URL", f"http://{addr}")
        processes = [
            subprocess.Popen([sys.executable, manage, "db_worker", "--queue-name", "*", "--no-reload"], env=env),
            subprocess.Popen([sys.executable, manage, "runserver", addr, "--noreload"], env=env),
        ]

        def stop(*_):
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            sys.exit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        stop()
