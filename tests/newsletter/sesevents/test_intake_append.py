"""The webhook's durable append: one INSERT … ON CONFLICT, its own commit, and SQLite's
WAL + synchronous=NORMAL set through the database OPTIONS (docs/ses-events.md)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction

from newsletter.campaigns.tasks import run_tick
from newsletter.sesevents import handlers
from newsletter.sesevents.models import ApplyRequest, SnsMessage
from newsletter.sesevents.tasks import apply_events, request_apply

ROOT = Path(__file__).resolve().parents[3]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite pragmas")


def _append(message_id="m-1", body='{"eventType": "Delivery"}'):
    return handlers.append(message_id=message_id, kind="Notification", topic_arn="arn:t",
                           sent_at=None, signature_version="1", body=body)


@pytest.mark.django_db
def test_append_returns_a_saved_row_and_none_for_a_seen_message_id():
    row = _append()
    assert row.pk is not None and not row._state.adding
    stored = SnsMessage.objects.get(pk=row.pk)
    assert (stored.message_id, stored.body, stored.applied_at, stored.received_at) == (
        "m-1", '{"eventType": "Delivery"}', None, row.received_at)
    assert _append(body="another") is None
    assert SnsMessage.objects.get().body == '{"eventType": "Delivery"}'


@pytest.mark.django_db(transaction=True)
def test_append_is_committed_when_it_returns():
    _append("m-committed")
    assert not connection.in_atomic_block
    # Another connection (as a crash-restart would) sees the row at once.
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {SnsMessage._meta.db_table} WHERE message_id = %s",
                           ["m-committed"])
            assert cursor.fetchone()[0] == 1
    finally:
        other.close()


@pytest.mark.django_db
def test_a_duplicate_inside_a_transaction_does_not_break_it():
    with transaction.atomic():
        first = _append("m-2")
        assert _append("m-2") is None
        assert _append("m-3") is not None
    assert sorted(SnsMessage.objects.values_list("message_id", flat=True)) == ["m-2", "m-3"]
    assert first.pk == SnsMessage.objects.get(message_id="m-2").pk


@pytest.mark.django_db
def test_request_apply_creates_one_request_and_replaces_a_stale_one(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        request_apply()
        request_apply()
    assert ApplyRequest.objects.count() == 1 and len(callbacks) == 1
    ApplyRequest.objects.update(requested_at="2020-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks() as callbacks:
        request_apply()
    assert ApplyRequest.objects.count() == 1 and len(callbacks) == 1
    assert ApplyRequest.objects.get().requested_at.year > 2020


@pytest.mark.django_db
def test_the_tick_requests_an_apply_for_messages_left_waiting(django_capture_on_commit_callbacks):
    """An append whose apply request was lost (SNS's retry is then a "duplicate") is
    applied at the next scheduling tick, not only when another event arrives."""
    with django_capture_on_commit_callbacks() as callbacks:
        run_tick()
    assert ApplyRequest.objects.count() == 0 and callbacks == []  # nothing waits
    _append("m-lost")
    assert ApplyRequest.objects.count() == 0  # its request was lost
    with django_capture_on_commit_callbacks() as callbacks:
        run_tick()
    assert ApplyRequest.objects.count() == 1
    assert [c for c in callbacks if getattr(c, "__self__", None) is apply_events]  # enqueued


@sqlite_only
@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_synchronous_normal():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


@pytest.mark.parametrize(("value", "expected"), [("full", "2"), ("OFF", "SQLITE_SYNCHRONOUS")])
def test_sqlite_synchronous_setting(tmp_path, value, expected):
    """FULL is honoured; OFF (not crash-safe) is refused at start-up."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.base",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SQLITE_SYNCHRONOUS": value}
    script = ("import django; django.setup(); from django.db import connection; "
              "c = connection.cursor(); c.execute('PRAGMA synchronous'); print(c.fetchone()[0])")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert expected in (result.stdout + result.stderr)
