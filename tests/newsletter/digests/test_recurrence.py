"""The recurrence: parsed and refused with clear messages, shown in words, and turned
into moments that keep their wall-clock time across DST changes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from newsletter.digests.recurrence import RecurrenceError, Schedule, parse
from newsletter.digests.words import describe

BRUSSELS = "Europe/Brussels"
ANCHOR = datetime(2026, 12, 1, tzinfo=UTC)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize("rule, words", [
    ("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0",
     "monthly on the second Tuesday at 10:00 Europe/Brussels"),
    ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0", "weekly on Monday at 09:00 Europe/Brussels"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=9,16;BYMINUTE=30",
     "every 2 weeks on Monday and Thursday at 09:30 and 16:30 Europe/Brussels"),
    ("FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=8;BYMINUTE=15",
     "monthly on the last Friday at 08:15 Europe/Brussels"),
    ("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=8;BYMINUTE=30",
     "monthly on day 1 of the month at 08:30 Europe/Brussels"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=17;BYMINUTE=0",
     "monthly on the last day of the month at 17:00 Europe/Brussels"),
    ("FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=10;BYMINUTE=0",
     "yearly on the last Sunday in March and October at 10:00 Europe/Brussels"),
    ("FREQ=DAILY;INTERVAL=3;BYHOUR=7;BYMINUTE=5", "every 3 days at 07:05 Europe/Brussels"),
    ("rrule:freq=daily;byhour=7;byminute=5", "daily at 07:05 Europe/Brussels"),
])
def test_recurrence_in_words(rule, words):
    with translation.override("en-gb"):
        assert describe(parse(rule), BRUSSELS) == words


def test_weekday_and_month_names_come_from_babel_in_the_active_language():
    with translation.override("fr"):
        words = describe(parse("FREQ=YEARLY;BYMONTH=3;BYDAY=2TU;BYHOUR=10;BYMINUTE=0"), BRUSSELS)
    assert "mardi" in words and "mars" in words


def test_canonical_text_round_trips():
    rule = parse(" rrule:freq=monthly;byday=2tu;byminute=0;byhour=10; ")
    assert rule.text == "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0"
    assert parse(rule.text) == rule


@pytest.mark.parametrize("rule, message", [
    ("", "Give a recurrence"),
    ("FREQ=MONTHLY;BYDAY=2TU", "BYHOUR and BYMINUTE"),
    ("FREQ=HOURLY;BYHOUR=1;BYMINUTE=0", "FREQ must be one of"),
    ("FREQ=MONTHLY;COUNT=3;BYHOUR=1;BYMINUTE=0", "COUNT is not supported"),
    ("FREQ=WEEKLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0", "needs FREQ=MONTHLY"),
    ("FREQ=MONTHLY;BYDAY=XX;BYHOUR=10;BYMINUTE=0", "not a weekday"),
    ("FREQ=MONTHLY;BYDAY=6TU;BYHOUR=10;BYMINUTE=0", "from 1 to 5"),
    ("FREQ=MONTHLY;BYHOUR=25;BYMINUTE=0", "from 0 to 23"),
    ("FREQ=MONTHLY;BYMONTHDAY=0;BYHOUR=1;BYMINUTE=0", "-1 for the last day"),
    ("FREQ=MONTHLY;BYHOUR=1;BYHOUR=2;BYMINUTE=0", "given twice"),
    ("FREQ=MONTHLY;BYHOUR;BYMINUTE=0", "is not NAME=VALUE"),
])
def test_bad_recurrences_are_refused_with_a_clear_message(rule, message):
    with pytest.raises(RecurrenceError, match=message):
        parse(rule)


def test_unknown_time_zone_is_refused():
    with pytest.raises(RecurrenceError, match="Unknown time zone"):
        Schedule(parse("FREQ=DAILY;BYHOUR=1;BYMINUTE=0"), "Mars/Olympus", ANCHOR)


def test_wall_clock_time_is_kept_across_both_dst_changes():
    """Monthly on the last Sunday at 10:00 Brussels: the DST changes happen on those very
    Sundays (28 March and 31 October 2027), at 02:00/03:00, before 10:00."""
    schedule = Schedule(parse("FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=10;BYMINUTE=0"), BRUSSELS, ANCHOR)
    moments = schedule.between(utc(2027, 2, 1), utc(2027, 11, 30))
    assert moments[:2] == [utc(2027, 2, 28, 9), utc(2027, 3, 28, 8)]  # CET, then CEST
    assert moments[-2:] == [utc(2027, 10, 31, 9), utc(2027, 11, 28, 9)]  # CET again
    assert {m.astimezone(schedule.zone).hour for m in moments} == {10}
    assert len(moments) == 10


def test_a_skipped_time_moves_forward_and_a_repeated_time_happens_once():
    """02:30 on the last Sunday of March does not exist in Brussels; on the last Sunday
    of October it happens twice."""
    schedule = Schedule(parse("FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30"),
                        BRUSSELS, ANCHOR)
    moments = schedule.between(utc(2027, 1, 1), utc(2027, 12, 31))
    assert moments == [utc(2027, 3, 28, 1, 30),  # 03:30 CEST, the first moment after the gap
                       utc(2027, 10, 31, 0, 30)]  # 02:30 CEST, the first of the two


def test_the_tick_composes_the_latest_due_occurrence_only_while_it_is_fresh():
    schedule = Schedule(parse("FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=10;BYMINUTE=0"), BRUSSELS, ANCHOR)
    day = timedelta(hours=24)
    assert schedule.latest_due(utc(2027, 3, 28, 7, 59, 59), day) is None  # 09:59:59 CEST
    assert schedule.latest_due(utc(2027, 3, 28, 8), day) == utc(2027, 3, 28, 8)
    assert schedule.latest_due(utc(2027, 3, 29, 7, 59), day) == utc(2027, 3, 28, 8)
    assert schedule.latest_due(utc(2027, 3, 29, 8, 1), day) is None  # more than a day late


def test_occurrences_count_from_when_the_schedule_was_switched_on():
    switched_on = utc(2027, 3, 28, 8, 30)  # just after the March occurrence
    schedule = Schedule(parse("FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=10;BYMINUTE=0"), BRUSSELS,
                        switched_on)
    assert schedule.latest_due(utc(2027, 3, 28, 9), timedelta(hours=24)) is None
    assert schedule.upcoming(utc(2027, 3, 28, 9), 2) == [utc(2027, 4, 25, 8), utc(2027, 5, 30, 8)]
    assert schedule.previous_before(utc(2027, 4, 25, 8)) == utc(2027, 3, 28, 8)
