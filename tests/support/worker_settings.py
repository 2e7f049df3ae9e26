"""Settings for a real worker subprocess in tests (``manage.py db_worker``): the test
settings, pointed at the test database the pytest process uses, with the database
task backend, the SES transport and a local SES-compatible endpoint from the env.
Workers send the campaign's real snapshot (no stub: there is no setting to swap it)."""

import os

from cms.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["CLUSTERPOST_TEST_DB_NAME"]  # noqa: F405
DATABASES["default"].pop("TEST", None)  # noqa: F405
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
EMAIL_TRANSPORT = "ses"
SES_ENDPOINT_URL = os.environ["SES_ENDPOINT_URL"]
SES_READ_TIMEOUT = float(os.environ.get("SES_READ_TIMEOUT", "2"))
SES_CONNECT_TIMEOUT = 1.0
SES_MAX_SEND_RATE = float(os.environ.get("SES_MAX_SEND_RATE", "0") or 0) or None
CAMPAIGN_TICK_SECONDS = float(os.environ.get("CAMPAIGN_TICK_SECONDS", "0.5"))
CAMPAIGN_WORKER_DEAD_AFTER = float(os.environ.get("CAMPAIGN_WORKER_DEAD_AFTER", "1.5"))
CAMPAIGN_UNKNOWN_GRACE = float(os.environ.get("CAMPAIGN_UNKNOWN_GRACE", "3600"))
CAMPAIGN_CONCURRENCY = int(os.environ.get("CAMPAIGN_CONCURRENCY", "4"))
CAMPAIGN_PARALLEL_TASKS = int(os.environ.get("CAMPAIGN_PARALLEL_TASKS", "1"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
