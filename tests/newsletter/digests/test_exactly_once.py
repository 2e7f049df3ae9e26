"""Two ticks at the same moment, in two threads with their own PostgreSQL connections:
both get past every check in code and insert their claim; the unique constraint lets one
through and makes the other give up. SQLite serialises writers, so it cannot show this."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, connections

from cms.models import IssuePage
from newsletter.digests import runner
from newsletter.digests.models import Digest

from .conftest import OCCURRENCE


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_ticks_make_exactly_one_digest(schedule, articles, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets only one writer in at a time")
    both_planned = threading.Barrier(2, timeout=30)
    real_plan, real_draft = runner.plan_for, runner.create_draft

    def plan_then_wait(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        both_planned.wait()  # both ticks passed the early-exit check; now both insert
        return plan

    def slow_draft(*args, **kwargs):
        made = real_draft(*args, **kwargs)
        time.sleep(1.0)  # the winner holds its claim open while the other one inserts
        return made

    monkeypatch.setattr(runner, "plan_for", plan_then_wait)
    monkeypatch.setattr(runner, "create_draft", slow_draft)
    log = mock.Mock(wraps=runner.logger)
    monkeypatch.setattr(runner, "logger", log)
    results, errors = [], []

    def one_tick():
        try:
            results.append(runner.run_schedules(OCCURRENCE + timedelta(seconds=30)))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sorted(len(made) for made in results) == [0, 1]
    assert Digest.objects.filter(occurrence=OCCURRENCE).count() == 1
    assert IssuePage.objects.filter(title="Newsletter February 2027").count() == 1
    # The loser got there through the constraint (IntegrityError), not a check in code.
    assert [c.args[0] for c in log.info.call_args_list] == [
        "Digest for %s already composed by another worker"]
