"""Start real ``manage.py db_worker`` subprocesses that share the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def worker_env(db_name: str, ses_url: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "CLUSTERPOST_TEST_DB_NAME": db_name,
        "SES_ENDPOINT_URL": ses_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "PYTHONUNBUFFERED": "1",
    })
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_worker(env: dict, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process by the caller
    return subprocess.Popen(
        # A plain db_worker (the default queue carries delivery), polling often.
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.1",
         "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen, *, kill: bool = True) -> None:
    if process.poll() is None:
        if kill:
            process.kill()
        else:
            process.terminate()
        process.wait(timeout=20)
