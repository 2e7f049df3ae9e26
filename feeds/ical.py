"""iCalendar (RFC 5545) files for events, built with the ``icalendar`` library.

Pure functions of ``cms.items.Item``: the same Items always give the same bytes
(DTSTAMP and LAST-MODIFIED come from the item's ``updated`` time, never from "now").

- Times are written in the event's own time zone (``DTSTART;TZID=Europe/Madrid:...``)
  with a matching VTIMEZONE, so calendars show the right local time anywhere;
  events in UTC are written with a ``Z`` suffix and need no VTIMEZONE.
- All-day events use ``VALUE=DATE`` with the exclusive end date RFC 5545 asks for.
- SUMMARY is the title; LOCATION and DESCRIPTION carry the facts as
  ``cms.presentation`` words them (when, time zone, where), like every other channel.
- UIDs are built from ``Item.id`` and the site's host name, so re-importing an event
  updates it instead of duplicating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.utils.text import slugify
from icalendar import Calendar, Event, vCalAddress, vText

from cms import presentation
from cms.items import Item

PRODID = "-//clusterpost//feeds//EN"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# RFC 5545 §3.3.11: TEXT may not hold control characters (newlines are escaped as \n).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _text(value: str) -> str:
    return _CONTROL.sub("", value or "")


def _line(value: str) -> str:
    """A one-line property (SUMMARY, LOCATION, NAME): whitespace runs become a space."""
    return " ".join(_text(value).split())


def event_uid(item: Item) -> str:
    """Stable, globally unique UID: ``clusterpost-page-42@news.example.org``."""
    host = urlsplit(item.url).hostname or "clusterpost"
    return f"{item.id.replace(':', '-')}@{host}"


def _location(item: Item) -> str:
    """The presented "where"; an online-only event adds its link, for calendar apps."""
    event = item.event
    where = presentation.event_where(event, item.language)
    if event.online_url and not (event.venue or event.city):
        return f"{where}: {event.online_url}"
    return where


def _description(item: Item) -> str:
    event = item.event
    facts = presentation.facts(item)
    lines = [item.summary.strip()] if item.summary.strip() else []
    lines.append("\n".join(
        f"{presentation.field_label(name, item.language)}: {value}"
        for name, value in (("when", facts.when), ("timezone", facts.timezone),
                            ("where", facts.where)) if value))
    for name, value in (("join_online", event.online_url), ("register", event.registration_url),
                        ("organiser", event.organiser), ("contact", event.contact)):
        if value:
            lines.append(f"{presentation.field_label(name, item.language)}: {value}")
    lines.append(f"{presentation.read_more(item, item.language)}: {item.url}")
    return "\n\n".join(lines)


def _organizer(item: Item) -> vCalAddress | None:
    """ORGANIZER needs a cal-address: only written when the contact holds an email."""
    event = item.event
    match = _EMAIL.search(event.contact or "")
    if not match:
        return None
    address = vCalAddress(f"mailto:{match.group(0)}")
    name = _line(event.organiser or _EMAIL.sub("", event.contact).strip(" <>,()"))
    if name:
        address.params["cn"] = vText(name)
    return address


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def vevent(item: Item) -> Event:
    """One VEVENT for an Item that carries ``event`` details."""
    if item.event is None:
        raise ValueError(f"{item.id} has no event details")
    event = item.event
    component = Event()
    component.add("uid", event_uid(item))
    component.add("dtstamp", _utc(item.updated))
    component.add("last-modified", _utc(item.updated))
    component.add("created", _utc(item.published))
    component.add("summary", _line(item.title) or "Event")
    if event.all_day:
        component.add("dtstart", event.start.date())
        # DTEND of an all-day event is the day after the last day (exclusive).
        component.add("dtend", event.end.date() + timedelta(days=1))
    else:
        component.add("dtstart", event.start)
        if event.end > event.start:
            component.add("dtend", event.end)
        # start == end: a moment (e.g. a deadline); RFC 5545 says leave DTEND out.
    component.add("description", _text(_description(item)))
    location = _line(_location(item))
    if location:
        component.add("location", location)
    component.add("url", item.url)
    kind = _line(presentation.event_kind(event, item.language))
    if kind:
        component.add("categories", [kind])
    organizer = _organizer(item)
    if organizer is not None:
        component.add("organizer", organizer)
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def _calendar(items: Iterable[Item], name: str = "", description: str = "",
              url: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name, description = _line(name), _text(description)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    if url:
        calendar.add("url", url)
    starts: list[date] = []
    for item in items:
        calendar.add_component(vevent(item))
        starts += [item.event.start.date(), item.event.end.date()]
    if starts:
        # VTIMEZONE with the transitions around the events (a year either side), not
        # 1970-2038: small files, and the same bytes for the same events.
        calendar.add_missing_timezones(first_date=date(min(starts).year - 1, 1, 1),
                                       last_date=date(max(starts).year + 2, 1, 1))
    return calendar


def event_ics(item: Item) -> bytes:
    """The .ics file for one event: one VEVENT plus the VTIMEZONE it needs."""
    return _calendar([item], name=item.title).to_ical()


def calendar_ics(items: Iterable[Item], name: str = "", description: str = "",
                 url: str = "") -> bytes:
    """A calendar of several events (e.g. all upcoming ones), in the order given.
    Items without event details are skipped."""
    return _calendar([item for item in items if item.event is not None],
                     name=name, description=description, url=url).to_ical()


def ics_filename(item: Item) -> str:
    """A sensible download name from the title: ``bio-europe-spring-2017.ics``."""
    slug = slugify(item.title)[:60].strip("-")
    return f"{slug or 'event'}.ics"
