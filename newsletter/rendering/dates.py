"""Event dates as readers read them: in the event's own time zone, with its name."""

from __future__ import annotations

from datetime import datetime

from cms.items import EventInfo


def _day(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def _time(value: datetime) -> str:
    return f"{value:%H:%M}"


def event_dates(event: EventInfo) -> str:
    """'3–6 April 2017', '30 March – 2 April 2017', '24 January 2017'."""
    start, end = event.start, event.end
    if end is None or end.date() <= start.date():
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{_day(start)} – {_day(end)}"


def event_times(event: EventInfo) -> str:
    """'09:00–10:30 GMT' or '' for all-day events. The abbreviation is the event's own."""
    if event.all_day:
        return ""
    start, end = event.start, event.end
    zone = start.tzname() or event.timezone
    if end is None or end == start or end.date() != start.date():
        return f"{_time(start)} {zone}"
    return f"{_time(start)}–{_time(end)} {zone}"


def event_when(event: EventInfo) -> str:
    """Date and time in one line: '24 January 2017, 09:00–10:00 GMT (Europe/London)'."""
    when = event_dates(event)
    times = event_times(event)
    if times:
        when = f"{when}, {times}"
    zone = event.timezone
    if zone and zone not in when:
        when = f"{when} ({zone.replace('_', ' ')})"
    return when


def event_place(event: EventInfo) -> str:
    if event.is_online:
        return "Online"
    parts = [event.venue, event.city, event.country_name]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    place = ", ".join(seen)
    if event.online_url:
        place = f"{place} and online" if place else "Online"
    return place
