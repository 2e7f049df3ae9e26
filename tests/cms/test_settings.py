"""Settings come from the environment; production refuses to start without SECRET_KEY or
with DEBUG on."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import django; from django.conf import settings; django.setup(); "
         "print(settings.DEBUG, settings.SITE_URL, settings.DATABASES['default']['ENGINE'])")


def run_settings(module, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "SITE_URL"}}
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**base, "DJANGO_SETTINGS_MODULE": module, **env})


def test_production_requires_secret_key():
    result = run_settings("cms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_has_debug_off_and_refuses_to_start_with_it_on():
    env = {"SECRET_KEY": "s3cret-for-test", "SITE_URL": "https://news.example.org/",
           "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/clusterpost"}
    result = run_settings("cms.settings.production", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "https://news.example.org",
                                     "django.db.backends.postgresql"]
    asked = run_settings("cms.settings.production", DEBUG="1", **env)
    assert asked.returncode != 0 and "DEBUG must be off in production" in asked.stderr


def test_dev_defaults_to_embedded_sqlite_and_debug():
    result = run_settings("cms.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "http://127.0.0.1:8000",
                                     "django.db.backends.sqlite3"]
