"""A recurrence in words, in the active language: "monthly on the second Tuesday at
10:00 Europe/Brussels". Phrases are gettext strings; weekday and month names, lists
("Monday and Thursday") and times come from Babel (CLDR) for the same language."""

from __future__ import annotations

from datetime import datetime, time

from babel import Locale
from babel.dates import format_date, format_time, get_day_names, get_month_names
from babel.lists import format_list
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cms import presentation

from .recurrence import Recurrence, Weekday, zone_for

ORDINAL_WEEKDAYS = {
    1: gettext_lazy("the first %(weekday)s"),
    2: gettext_lazy("the second %(weekday)s"),
    3: gettext_lazy("the third %(weekday)s"),
    4: gettext_lazy("the fourth %(weekday)s"),
    5: gettext_lazy("the fifth %(weekday)s"),
    -1: gettext_lazy("the last %(weekday)s"),
    -2: gettext_lazy("the second to last %(weekday)s"),
    -3: gettext_lazy("the third to last %(weekday)s"),
    -4: gettext_lazy("the fourth to last %(weekday)s"),
    -5: gettext_lazy("the fifth to last %(weekday)s"),
}


def babel_locale() -> Locale:
    """The Babel locale of the active Django language, as every channel formats it
    (cms.presentation: "en" is the partnership's British English, en_GB)."""
    return presentation.babel_locale(translation.get_language() or settings.LANGUAGE_CODE)


def _frequency(recurrence: Recurrence) -> str:
    n = recurrence.interval
    if recurrence.freq == "DAILY":
        return _("daily") if n == 1 else ngettext(
            "every %(count)s day", "every %(count)s days", n) % {"count": n}
    if recurrence.freq == "WEEKLY":
        return _("weekly") if n == 1 else ngettext(
            "every %(count)s week", "every %(count)s weeks", n) % {"count": n}
    if recurrence.freq == "MONTHLY":
        return _("monthly") if n == 1 else ngettext(
            "every %(count)s month", "every %(count)s months", n) % {"count": n}
    return _("yearly") if n == 1 else ngettext(
        "every %(count)s year", "every %(count)s years", n) % {"count": n}


def _weekday(weekday: Weekday, locale: Locale) -> str:
    name = get_day_names("wide", context="format", locale=locale)[weekday.day]
    if weekday.ordinal is None:
        return name
    return str(ORDINAL_WEEKDAYS[weekday.ordinal]) % {"weekday": name}


def _monthdays(days: tuple[int, ...], locale: Locale) -> str:
    numbered = [str(day) for day in days if day > 0]
    phrases = []
    if numbered:
        phrases.append(_("on day %(days)s of the month")
                       % {"days": format_list(numbered, locale=locale)})
    if -1 in days:
        phrases.append(_("on the last day of the month"))
    return format_list(phrases, locale=locale)


def describe(recurrence: Recurrence, zone_name: str) -> str:
    """The recurrence and its time zone in words, in the active language."""
    locale = babel_locale()
    phrases = [_frequency(recurrence)]
    if recurrence.weekdays:
        phrases.append(_("on %(weekdays)s") % {"weekdays": format_list(
            [_weekday(w, locale) for w in recurrence.weekdays], locale=locale)})
    if recurrence.monthdays:
        phrases.append(_monthdays(recurrence.monthdays, locale))
    if recurrence.months:
        names = get_month_names("wide", context="stand-alone", locale=locale)
        phrases.append(_("in %(months)s") % {"months": format_list(
            [names[m] for m in recurrence.months], locale=locale)})
    times = [format_time(time(h, m), format="short", locale=locale)
             for h in recurrence.hours for m in recurrence.minutes]
    return _("%(repeat)s at %(times)s %(zone)s") % {
        "repeat": " ".join(phrases), "times": format_list(times, locale=locale),
        "zone": zone_name}


def describe_moment(moment: datetime, zone_name: str) -> str:
    """An occurrence as the schedule's zone reads it: "Tuesday, 9 February 2027, 10:00 CET"."""
    locale = babel_locale()
    local = moment.astimezone(zone_for(zone_name))
    return _("%(date)s, %(time)s %(zone)s") % {
        "date": format_date(local, "full", locale=locale),
        "time": format_time(local, "short", locale=locale), "zone": local.tzname()}
