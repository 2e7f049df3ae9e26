"""Settings for the test suite: fast hashing, a throwaway outbox and media root."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-secret-key-not-for-production"
DEBUG = False
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_TMP = Path(tempfile.mkdtemp(prefix="clusterpost-test-"))
MEDIA_ROOT = _TMP / "media"
OUTBOX_DIR = _TMP / "outbox"
STATIC_ROOT = _TMP / "static"
EMAIL_TRANSPORT = "outbox"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so that worker subprocesses in tests can share the test DB.
    DATABASES["default"]["NAME"] = str(_TMP / "db.sqlite3")  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}  # noqa: F405
TASKS = {
    "default": {
        "BACKEND": env("TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
