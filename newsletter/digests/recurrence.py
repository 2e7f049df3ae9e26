"""The digest's recurrence: an RFC 5545 RRULE (python-dateutil) read in a named time zone.

Occurrences are computed as wall-clock times in the schedule's zone, then turned into
UTC one by one, so "10:00 Europe/Brussels" stays 10:00 across the DST changes (08:00 UTC
in summer, 09:00 UTC in winter). A wall-clock time the clocks skip (02:30 on the last
Sunday of March) moves forward by the gap (03:30); one that happens twice (02:30 on the
last Sunday of October) is taken once, at its first passing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateutil import rrule, tz
from django.utils.translation import gettext as _

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SUPPORTED_PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR", "BYMINUTE")


class RecurrenceError(ValueError):
    """A recurrence the editor must correct; the message says how."""


@dataclass(frozen=True)
class Weekday:
    day: int  # 0 = Monday … 6 = Sunday
    ordinal: int | None = None  # 2 = the second, -1 = the last, None = every


@dataclass(frozen=True)
class Recurrence:
    freq: str
    interval: int
    weekdays: tuple[Weekday, ...]
    monthdays: tuple[int, ...]
    months: tuple[int, ...]
    hours: tuple[int, ...]
    minutes: tuple[int, ...]

    @property
    def text(self) -> str:
        """The canonical RRULE text (what is stored)."""
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.weekdays:
            parts.append("BYDAY=" + ",".join(
                f"{w.ordinal or ''}{WEEKDAY_CODES[w.day]}" for w in self.weekdays))
        for name, values in (("BYMONTHDAY", self.monthdays), ("BYMONTH", self.months),
                             ("BYHOUR", self.hours), ("BYMINUTE", self.minutes)):
            if values:
                parts.append(f"{name}=" + ",".join(str(v) for v in values))
        return ";".join(parts)


def _numbers(name: str, value: str, low: int, high: int) -> tuple[int, ...]:
    try:
        numbers = tuple(int(part) for part in value.split(","))
    except ValueError as exc:
        raise RecurrenceError(_("%(name)s must list whole numbers, e.g. %(name)s=1,15.")
                              % {"name": name}) from exc
    bad = [n for n in numbers if not low <= n <= high]
    if bad:
        raise RecurrenceError(_("%(name)s takes numbers from %(low)s to %(high)s, not %(bad)s.")
                              % {"name": name, "low": low, "high": high, "bad": bad[0]})
    return tuple(sorted(set(numbers)))


def _weekdays(value: str, freq: str) -> tuple[Weekday, ...]:
    days = []
    for part in value.split(","):
        code, ordinal = part[-2:], part[:-2]
        if code not in WEEKDAY_CODES:
            raise RecurrenceError(_("BYDAY: %(part)r is not a weekday; use MO, TU, WE, TH, FR, "
                                    "SA or SU, e.g. BYDAY=2TU for the second Tuesday.")
                                  % {"part": part})
        number = None
        if ordinal:
            try:
                number = int(ordinal)
            except ValueError as exc:
                raise RecurrenceError(_("BYDAY: %(part)r has no valid number before the day.")
                                      % {"part": part}) from exc
            if number == 0 or not -5 <= number <= 5:
                raise RecurrenceError(_("BYDAY: the number before the day goes from 1 to 5 "
                                        "(or -1 to -5 from the end), not %(n)s.") % {"n": number})
            if freq not in ("MONTHLY", "YEARLY"):
                raise RecurrenceError(_("A numbered weekday (such as 2TU) needs FREQ=MONTHLY "
                                        "or FREQ=YEARLY."))
        days.append(Weekday(WEEKDAY_CODES.index(code), number))
    return tuple(sorted(set(days), key=lambda w: (w.ordinal or 0, w.day)))


def parse(text: str) -> Recurrence:
    """Read an RRULE ("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0"), refusing anything
    this schedule does not support, with a message an editor can act on."""
    body = (text or "").strip().upper()
    body = body.removeprefix("RRULE:")
    if not body:
        raise RecurrenceError(_("Give a recurrence, e.g. FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;"
                                "BYMINUTE=0 (monthly on the second Tuesday at 10:00)."))
    parts: dict[str, str] = {}
    for chunk in body.strip(";").split(";"):
        name, sep, value = chunk.partition("=")
        if not sep or not value:
            raise RecurrenceError(_("%(chunk)r is not NAME=VALUE.") % {"chunk": chunk})
        if name not in SUPPORTED_PARTS:
            raise RecurrenceError(_("%(name)s is not supported here; use only %(names)s.")
                                  % {"name": name, "names": ", ".join(SUPPORTED_PARTS)})
        if name in parts:
            raise RecurrenceError(_("%(name)s is given twice.") % {"name": name})
        parts[name] = value
    freq = parts.get("FREQ")
    if freq not in FREQUENCIES:
        raise RecurrenceError(_("FREQ must be one of %(names)s.") % {"names": ", ".join(FREQUENCIES)})
    if "BYHOUR" not in parts or "BYMINUTE" not in parts:
        raise RecurrenceError(_("Say at what time: add BYHOUR and BYMINUTE, e.g. "
                                "BYHOUR=10;BYMINUTE=0 for 10:00."))
    interval = _numbers("INTERVAL", parts.get("INTERVAL", "1"), 1, 366)
    if len(interval) != 1:
        raise RecurrenceError(_("INTERVAL takes one number."))
    monthdays = _numbers("BYMONTHDAY", parts["BYMONTHDAY"], -1, 31) if "BYMONTHDAY" in parts else ()
    if 0 in monthdays:
        raise RecurrenceError(_("BYMONTHDAY takes 1 to 31, or -1 for the last day of the month."))
    recurrence = Recurrence(
        freq=freq,
        interval=interval[0],
        weekdays=_weekdays(parts["BYDAY"], freq) if "BYDAY" in parts else (),
        monthdays=monthdays,
        months=_numbers("BYMONTH", parts["BYMONTH"], 1, 12) if "BYMONTH" in parts else (),
        hours=_numbers("BYHOUR", parts["BYHOUR"], 0, 23),
        minutes=_numbers("BYMINUTE", parts["BYMINUTE"], 0, 59),
    )
    rrule.rrulestr(recurrence.text, dtstart=datetime(2000, 1, 1))  # dateutil agrees
    return recurrence


def zone_for(name: str):
    zone = tz.gettz(name) if name else None
    if zone is None:
        raise RecurrenceError(_("Unknown time zone %(name)r. Use an Area/City name such as "
                                "Europe/Brussels.") % {"name": name})
    return zone


class Schedule:
    """A recurrence in a time zone, counted from ``anchor`` (when it was switched on)."""

    def __init__(self, recurrence: Recurrence, zone_name: str, anchor: datetime):
        self.recurrence = recurrence
        self.zone_name = zone_name
        self.zone = zone_for(zone_name)
        self.anchor = anchor
        start = anchor.astimezone(self.zone).replace(tzinfo=None, second=0, microsecond=0)
        self.rule = rrule.rrulestr(recurrence.text + ";BYSECOND=0", dtstart=start)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def to_utc(self, wall_clock: datetime) -> datetime:
        """A wall-clock time in the zone as an aware UTC datetime (see the module doc)."""
        return tz.resolve_imaginary(wall_clock.replace(tzinfo=self.zone)).astimezone(UTC)

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences (UTC) with start <= occurrence <= end."""
        slack = timedelta(hours=3)  # wall clock and UTC differ by the DST gap at most
        candidates = self.rule.between(self._local(start) - slack, self._local(end) + slack,
                                       inc=True)
        moments = sorted({self.to_utc(c) for c in candidates})
        return [m for m in moments if start <= m <= end]

    def latest_due(self, now: datetime, lateness: timedelta) -> datetime | None:
        """The last occurrence at or before now, if it is at most ``lateness`` old."""
        due = self.between(now - lateness, now)
        return due[-1] if due else None

    def upcoming(self, now: datetime, count: int = 3) -> list[datetime]:
        out: list[datetime] = []
        for wall_clock in self.rule.xafter(self._local(now) - timedelta(hours=3), inc=True):
            moment = self.to_utc(wall_clock)
            if moment > now and moment not in out:
                out.append(moment)
            if len(out) >= count:
                break
        return out

    def previous_before(self, moment: datetime) -> datetime | None:
        """The occurrence before ``moment`` on the rule (ignoring the anchor): where a
        first digest starts when there is no previous issue."""
        start = self._local(moment) - timedelta(days=400)
        rule = rrule.rrulestr(self.recurrence.text + ";BYSECOND=0",
                              dtstart=start.replace(second=0, microsecond=0))
        before = [self.to_utc(c) for c in rule.between(start, self._local(moment), inc=True)]
        before = [m for m in before if m < moment]
        return max(before, default=None)
