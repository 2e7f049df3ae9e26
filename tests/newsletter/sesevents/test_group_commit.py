"""Group commit: concurrent appends share one write, each caller returns only after its
own group was written, and a bad row fails alone. The multi-row INSERT dedups."""

import threading
from datetime import UTC, datetime

import pytest

from newsletter.sesevents import handlers, jsonlimits
from newsletter.sesevents.groupcommit import GroupAppender
from newsletter.sesevents.models import SnsMessage


def row(message_id: str, body: str = "{}") -> handlers.Append:
    now = datetime.now(UTC)
    return handlers.Append(message_id=message_id, kind="Notification", topic_arn="arn:t",
                           sent_at=now, signature_version="1", body=body, received_at=now)


class GatedWriter:
    """A writer that records its groups and holds the first write until released, so
    that other callers queue up meanwhile."""

    def __init__(self, fail_on=()):
        self.groups: list[list[str]] = []
        self.first_started = threading.Event()
        self.release = threading.Event()
        self.fail_on = set(fail_on)

    def __call__(self, rows):
        self.groups.append([r.message_id for r in rows])
        if len(self.groups) == 1:
            self.first_started.set()
            assert self.release.wait(10)
        if self.fail_on & {r.message_id for r in rows}:
            raise ValueError("bad row")
        return [int(r.message_id.split("-")[1]) for r in rows]


def run_concurrently(appender, ids, writer):
    results: dict[str, object] = {}

    def call(message_id):
        try:
            results[message_id] = appender.append(row(message_id))
        except Exception as exc:
            results[message_id] = exc

    first = threading.Thread(target=call, args=(ids[0],))
    first.start()
    assert writer.first_started.wait(10)
    others = [threading.Thread(target=call, args=(i,)) for i in ids[1:]]
    for thread in others:
        thread.start()
    while len(appender._queue) < len(others):  # all queued behind the first write
        threading.Event().wait(0.01)
    assert all(i not in results for i in ids)  # nobody answered before its write
    writer.release.set()
    for thread in [first, *others]:
        thread.join(10)
    return results


def test_callers_queued_during_a_write_share_the_next_one():
    writer = GatedWriter()
    ids = [f"m-{n}" for n in range(1, 6)]
    results = run_concurrently(GroupAppender(writer), ids, writer)
    assert len(writer.groups) == 2 and writer.groups[0] == ["m-1"]
    assert sorted(writer.groups[1]) == ids[1:]  # one write for the four that queued
    assert results == {i: int(i.split("-")[1]) for i in ids}


def test_a_bad_row_fails_alone():
    writer = GatedWriter(fail_on={"m-3"})
    ids = [f"m-{n}" for n in range(1, 5)]
    results = run_concurrently(GroupAppender(writer), ids, writer)
    assert isinstance(results["m-3"], ValueError)
    assert {i: results[i] for i in ("m-1", "m-2", "m-4")} == {"m-1": 1, "m-2": 2, "m-4": 4}
    assert ["m-3"] in writer.groups  # retried one by one after the group failed


def test_an_interrupted_write_is_never_taken_for_a_duplicate():
    def interrupted(rows):
        raise KeyboardInterrupt

    appender = GroupAppender(interrupted)
    with pytest.raises(KeyboardInterrupt):
        appender.append(row("m-1"))
    assert not appender._writing and not appender._queue  # the next caller writes again


@pytest.mark.django_db
def test_insert_many_writes_new_rows_once_and_reports_duplicates():
    assert handlers.insert_many([row("old")])[0] is not None
    ids = handlers.insert_many([row("a", "A"), row("old"), row("b"), row("a", "again")])
    assert ids[0] is not None and ids[2] is not None and ids[1] is None and ids[3] is None
    assert SnsMessage.objects.get(pk=ids[0]).body == "A"
    assert SnsMessage.objects.count() == 3
    assert handlers.insert_many([]) == []


@pytest.mark.parametrize(("text", "deep"), [
    ("[" * 64 + "]" * 64, False),
    ("[" * 65 + "]" * 65, True),
    ('{"a": "' + "[{" * 100 + '"}', False),  # brackets inside a string do not nest
])
def test_depth_limit_is_exact_with_or_without_the_bracket_count_shortcut(text, deep):
    if deep:
        with pytest.raises(jsonlimits.TooDeep):
            jsonlimits.loads(text, max_depth=64)
    else:
        jsonlimits.loads(text, max_depth=64)
