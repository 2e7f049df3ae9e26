"""Each fact presented once: the display text of an Item's facts, for every channel.

Plain functions of the plain data in ``cms.items`` (no models, no requests), each taking a
``locale`` (a language code such as ``"en"`` or ``"fr"``; default: the default language).
Dates and times go through Babel, words through Django's gettext, so a translated
catalogue translates every channel at once. The web pages, the email (HTML and text),
the RSS/Atom entries, the iCal descriptions and the ECCP posts all show these strings;
a channel may add around them (a "When:" label, iCal's DTSTART with its TZID) but never
rewords them.

The canonical wordings (English):

- when: ``24 January 2017, 09:00–10:00 GMT``; ``3 – 6 April 2017`` (all day);
  ``8 November 2016, 09:00 CET – 9 November 2016, 18:00 CET`` (timed, several days).
  The abbreviation is CLDR's short name of the event's zone in the locale, or the
  localised offset (``GMT+09:00``) where the locale has none;
- time zone, always its own line: ``Europe/London`` (the IANA name calendars use);
- where: ``Koelnmesse, Cologne, Germany``; ``Online``; ``Barcelona, Spain and online``;
- person: ``José Freitas, CEO, Company``; under a title, ``With José Freitas, CEO…``;
- agreement: ``MoU with BioSA and Health Industries South Australia, signed 8 June 2016``
  (or ``…, to be signed``), then the duration;
- label: the event's own kind (``Webinar``) or the item's kind (``Interview``); the
  event's kind alone also names iCal's CATEGORIES and the ECCP's event type label;
- read more: ``Read more``; ``Read on our website`` when the channel showed the whole
  item; ``Open`` for an SME tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_timezone_gmt,
    get_timezone_name,
)
from babel.lists import format_list
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from .items import Agreement, EventInfo, Item, Kind, Person

DEFAULT_LOCALE = "en"
# Babel locale for a language code whose own CLDR data is not the house style: the
# partnership writes British English ("24 January 2017", 24-hour times, "GMT").
BABEL_LOCALES = {"en": "en_GB"}

DAY_PATTERN = "long"  # "24 January 2017"
MONTH_SKELETON = "yMMMM"  # "January 2017"
TIME_PATTERN = "HH:mm"
# CLDR's date-range patterns with full month names; where a locale has only the
# abbreviated ones ("3 – 6 Apr 2017" in en_GB), their month is widened.
RANGE_SKELETON = "yMMMMd"
SHORT_RANGE_SKELETON = "yMMMd"
_SHORT_MONTH = re.compile(r"(?<!M)MMM(?!M)")

# The labels channels put before a fact or on an event's links.
FIELD_LABELS = {
    "when": _("When"),
    "where": _("Where"),
    "timezone": _("Time zone"),
    "organiser": _("Organiser"),
    "contact": _("Contact"),
    "register": _("Register"),
    "join_online": _("Join online"),
    "add_to_calendar": _("Add to calendar"),
}
ONLINE = _("Online")
PLACE_AND_ONLINE = _("%(place)s and online")
AGREEMENT_WITH = _("%(kind)s with %(parties)s")
AGREEMENT = _("Agreement")
SIGNED_ON = _("signed %(date)s")
TO_BE_SIGNED = _("to be signed")
WITH_PERSON = _("With %(person)s")
READ_MORE = _("Read more")
READ_ON_WEBSITE = _("Read on our website")
OPEN = _("Open")


@lru_cache(maxsize=32)
def babel_locale(locale: str = DEFAULT_LOCALE) -> Locale:
    """The Babel locale for a language code ("en", "fr", "pt-br")."""
    code = (locale or DEFAULT_LOCALE).replace("-", "_")
    return Locale.parse(BABEL_LOCALES.get(code.lower(), code))


@lru_cache(maxsize=1024)
def translate(message: str, locale: str = DEFAULT_LOCALE) -> str:
    """``message`` (an English msgid) in ``locale``, from Django's catalogues. Cached:
    Django loads a process's catalogues once, and an override per fact would cost more
    than the whole fact (about 100 µs each)."""
    with translation.override(locale or DEFAULT_LOCALE):
        return gettext(message)


def _text(message: str, locale: str, **values) -> str:
    """A message in ``locale``, with its %(name)s values filled in."""
    text = translate(message, locale)
    return text % values if values else text


def field_label(name: str, locale: str = DEFAULT_LOCALE) -> str:
    """A label of ``FIELD_LABELS``: "When", "Time zone", "Register", "Add to calendar"…"""
    return _text(FIELD_LABELS[name], locale)


def day(value: date, locale: str = DEFAULT_LOCALE) -> str:
    """'24 January 2017'."""
    return format_date(value, DAY_PATTERN, locale=babel_locale(locale))


def month(value: date, locale: str = DEFAULT_LOCALE) -> str:
    """'January 2017' (a newsletter's month)."""
    return format_skeleton(MONTH_SKELETON, value, locale=babel_locale(locale))


def day_range(start: date, end: date, locale: str = DEFAULT_LOCALE) -> str:
    """'24 January 2017', '3 – 6 April 2017', '30 March – 2 April 2016',
    '30 December 2016 – 2 January 2017': CLDR's interval patterns, full month names."""
    if end <= start:
        return day(start, locale)
    babel = babel_locale(locale)
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    full = babel.interval_formats.get(RANGE_SKELETON)
    if full is not None:
        pieces = full[greatest]
    else:
        pieces = [_SHORT_MONTH.sub("MMMM", pattern)
                  for pattern in babel.interval_formats[SHORT_RANGE_SKELETON][greatest]]
    return "".join(format_date(value, pattern, locale=babel)
                   for pattern, value in zip(pieces, (start, end), strict=True))


def zone_abbreviation(moment: datetime, locale: str = DEFAULT_LOCALE) -> str:
    """'GMT', 'CET', 'CEST' where CLDR has a short name for the zone in this locale,
    else the localised offset, 'GMT+09:00'."""
    babel = babel_locale(locale)
    short = get_timezone_name(moment, "short", locale=babel)
    if short[:1] in "+-" or " " in short or "(" in short:  # Babel's fallbacks
        return get_timezone_gmt(moment, "long", locale=babel)
    return short


def _date_and_time(day_text: str, time_text: str, locale: str) -> str:
    """The locale's medium date-time joiner ("{1}, {0}" in English), its quotes removed."""
    joiner = str(babel_locale(locale).datetime_formats["medium"]).replace("'", "")
    return joiner.format(time_text, day_text)


def _moment(value: datetime, locale: str) -> str:
    """'8 November 2016, 09:00 CET'."""
    time_text = format_time(value, TIME_PATTERN, locale=babel_locale(locale))
    return _date_and_time(day(value, locale),
                          f"{time_text} {zone_abbreviation(value, locale)}", locale)


def event_when(event: EventInfo, locale: str = DEFAULT_LOCALE) -> str:
    """When the event happens, in its own time zone (see the module's docstring)."""
    start, end = event.start, event.end
    if event.all_day:
        return day_range(start.date(), end.date(), locale)
    babel = babel_locale(locale)
    if start.date() != end.date():
        return babel.interval_formats[None].format(_moment(start, locale), _moment(end, locale))
    if end <= start:
        return _moment(start, locale)
    times = "".join(
        format_time(value, pattern, locale=babel)
        for pattern, value in zip(babel.interval_formats["Hm"]["H"], (start, end), strict=True))
    return _date_and_time(day(start, locale), f"{times} {zone_abbreviation(end, locale)}",
                          locale)


def event_timezone(event: EventInfo, locale: str = DEFAULT_LOCALE) -> str:
    """'Europe/London': the IANA name, as calendars show it."""
    return event.timezone


def country(code: str, fallback: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """A country's name in the locale, from its ISO 3166-1 alpha-2 code."""
    return babel_locale(locale).territories.get((code or "").upper(), fallback or code or "")


def event_where(event: EventInfo, locale: str = DEFAULT_LOCALE) -> str:
    """'Koelnmesse, Cologne, Germany', 'Online', 'Barcelona, Spain and online'. An online
    event without a venue or city is just online: its country is the organiser's."""
    parts: list[str] = []
    if event.venue or event.city or not event.online_url:
        candidates = (event.venue, event.city,
                      country(event.country, event.country_name, locale) if event.country
                      else event.country_name)
        for part in candidates:
            if part and part not in parts:
                parts.append(part)
    place = ", ".join(parts)
    if not event.online_url:
        return place
    return _text(PLACE_AND_ONLINE, locale, place=place) if place else _text(ONLINE, locale)


def person(who: Person, locale: str = DEFAULT_LOCALE) -> str:
    """'José Freitas, CEO, Company'."""
    return ", ".join(part for part in (who.name, who.role, who.organisation) if part)


def with_person(who: Person, locale: str = DEFAULT_LOCALE) -> str:
    """The interviewee as a line under the title: 'With José Freitas, Policy Officer'."""
    return _text(WITH_PERSON, locale, person=person(who, locale))


def agreement(what: Agreement, locale: str = DEFAULT_LOCALE) -> str:
    """'MoU with A and B, signed 8 June 2016, two years'."""
    kind = what.kind or _text(AGREEMENT, locale)
    parts = [_text(AGREEMENT_WITH, locale, kind=kind,
                   parties=format_list(list(what.organisations), locale=babel_locale(locale)))
             if what.organisations else kind]
    parts.append(_text(SIGNED_ON, locale, date=day(what.signed_on, locale)) if what.signed_on
                 else _text(TO_BE_SIGNED, locale))
    if what.duration:
        parts.append(what.duration)
    return ", ".join(parts)


def kind_label(kind: str, locale: str = DEFAULT_LOCALE) -> str:
    """'Interview', 'SME success story'."""
    return translate(Kind.LABELS.get(kind) or kind.replace("_", " ").capitalize(), locale)


def event_kind(event: EventInfo, locale: str = DEFAULT_LOCALE) -> str:
    """The event's kind ('Webinar', 'Webinaire'); empty for an event without one."""
    return translate(event.kind_label, locale) if event.kind_label else ""


def item_label(item: Item, locale: str = DEFAULT_LOCALE) -> str:
    """What the item is: the event's own kind ('Webinar'), else the item's kind."""
    if item.event is not None and item.event.kind_label:
        return event_kind(item.event, locale)
    return kind_label(item.kind, locale)


def item_where(item: Item, locale: str = DEFAULT_LOCALE) -> str:
    """Where an event takes place, or where the item happened ('Cologne, Germany')."""
    if item.event is not None:
        return event_where(item.event, locale)
    return item.location


def read_more(item: Item, locale: str = DEFAULT_LOCALE, *, shown_in_full: bool = False) -> str:
    """The link to the item's page: 'Read more', 'Read on our website' after the whole
    item, 'Open' for an SME tool."""
    if item.kind == Kind.SME_TOOL:
        return _text(OPEN, locale)
    return _text(READ_ON_WEBSITE if shown_in_full else READ_MORE, locale)


@dataclass(frozen=True)
class Facts:
    """Every presented fact of one item; empty strings where a fact does not apply."""

    label: str
    when: str = ""
    where: str = ""
    timezone: str = ""
    person: str = ""  # the interviewee
    with_person: str = ""  # "With <person>", the line under an interview's title
    quote_by: str = ""  # who said the quote
    agreement: str = ""


def facts(item: Item, locale: str | None = None) -> Facts:
    """The item's facts in ``locale`` (default: the item's own language)."""
    locale = locale or item.language or DEFAULT_LOCALE
    event = item.event
    return Facts(
        label=item_label(item, locale),
        when=event_when(event, locale) if event else "",
        where=item_where(item, locale),
        timezone=event_timezone(event, locale) if event else "",
        person=person(item.person, locale) if item.person else "",
        with_person=with_person(item.person, locale) if item.person else "",
        quote_by=person(item.quote.person, locale) if item.quote else "",
        agreement=agreement(item.agreement, locale) if item.agreement else "",
    )
