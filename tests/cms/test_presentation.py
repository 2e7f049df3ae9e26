"""cms.presentation: the one wording of each fact, without a database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from cms import presentation as p
from cms.items import Agreement, EventInfo, Kind, Person
from tests.feeds.builders import item

ZONES = ["Europe/London", "Europe/Berlin", "Europe/Madrid", "Asia/Tokyo", "America/Toronto",
         "Australia/Adelaide", "UTC"]
THIN = "\u2009"


def event(start, end, tz="Europe/Madrid", *, all_day=False, **fields) -> EventInfo:
    zone = ZoneInfo(tz)
    defaults = dict(kind="conference", kind_label="Conference", venue="", city="",
                    country="", country_name="", online_url="", registration_url="",
                    organiser="", contact="", ics_url="")
    defaults.update(fields)
    return EventInfo(start=start.replace(tzinfo=zone), end=end.replace(tzinfo=zone),
                     timezone=tz, all_day=all_day, **defaults)


def test_the_demo_wordings():
    webinar = event(datetime(2017, 1, 24, 9), datetime(2017, 1, 24, 10), "Europe/London",
                    country="AU", country_name="Australia", online_url="https://x.example/")
    assert p.event_when(webinar) == "24 January 2017, 09:00–10:00 GMT"
    assert p.event_timezone(webinar) == "Europe/London"
    assert p.event_where(webinar) == "Online"  # the country is the organiser's
    fair = event(datetime(2017, 4, 3), datetime(2017, 4, 6), all_day=True,
                 city="Barcelona", country="ES", country_name="Spain")
    assert p.event_when(fair) == f"3{THIN}–{THIN}6 April 2017"
    assert p.event_where(fair) == "Barcelona, Spain"
    cologne = event(datetime(2016, 11, 8, 9), datetime(2016, 11, 9, 18), "Europe/Berlin",
                    venue="Koelnmesse", city="Cologne", country="DE", country_name="Germany")
    assert p.event_when(cologne) == (
        f"8 November 2016, 09:00 CET{THIN}–{THIN}9 November 2016, 18:00 CET")
    assert p.event_where(cologne) == "Koelnmesse, Cologne, Germany"


def test_ranges_across_months_and_years_name_both():
    assert p.day_range(date(2016, 3, 30), date(2016, 4, 2)) == (
        f"30 March{THIN}–{THIN}2 April 2016")
    assert p.day_range(date(2016, 12, 30), date(2017, 1, 2)) == (
        f"30 December 2016{THIN}–{THIN}2 January 2017")
    assert p.day_range(date(2016, 12, 30), date(2016, 12, 30)) == "30 December 2016"


def test_zone_without_a_short_name_reads_as_an_offset():
    tokyo = event(datetime(2016, 10, 10, 9), datetime(2016, 10, 10, 17), "Asia/Tokyo")
    assert p.event_when(tokyo) == "10 October 2016, 09:00–17:00 GMT+09:00"
    moment = event(datetime(2017, 7, 3, 9), datetime(2017, 7, 3, 9), "Europe/London")
    assert p.event_when(moment) == "3 July 2017, 09:00 BST"


def test_other_locales_use_their_own_dates():
    fair = event(datetime(2017, 4, 3), datetime(2017, 4, 6), all_day=True, country="ES")
    assert p.event_when(fair, "fr") == "3–6 avril 2017"
    assert p.event_where(fair, "fr") == "Espagne"
    assert p.event_where(fair, "de") == "Spanien"
    webinar = event(datetime(2017, 1, 24, 9), datetime(2017, 1, 24, 10), "Europe/London")
    assert p.event_when(webinar, "fr").startswith("24 janvier 2017, 09:00")


def test_where_with_and_without_online():
    hybrid = event(datetime(2017, 4, 3), datetime(2017, 4, 3), all_day=True, city="Toronto",
                   country="CA", online_url="https://x.example/")
    assert p.event_where(hybrid) == "Toronto, Canada and online"
    nowhere = event(datetime(2017, 4, 3), datetime(2017, 4, 3), all_day=True)
    assert p.event_where(nowhere) == ""
    same = event(datetime(2017, 4, 3), datetime(2017, 4, 3), all_day=True,
                 venue="Singapore", city="Singapore", country="SG")
    assert p.event_where(same) == "Singapore"  # not "Singapore, Singapore, Singapore"


def test_person_agreement_labels_and_read_more():
    assert p.person(Person("Ana Lopes", "", "Biocat")) == "Ana Lopes, Biocat"
    assert p.person(Person("Ana Lopes", "CEO", "Biocat")) == "Ana Lopes, CEO, Biocat"
    assert p.with_person(Person("Ana Lopes", "CEO", "")) == "With Ana Lopes, CEO"
    signed = Agreement("MoU", ("BioSA", "HISA", "Adelaide Uni"), date(2016, 6, 8), "")
    assert p.agreement(signed) == "MoU with BioSA, HISA and Adelaide Uni, signed 8 June 2016"
    planned = Agreement("", ("TO Health!",), None, "three years")
    assert p.agreement(planned) == "Agreement with TO Health!, to be signed, three years"
    interview = item(1, Kind.INTERVIEW)
    assert p.item_label(interview) == "Interview"
    assert p.read_more(interview) == "Read more"
    assert p.read_more(interview, shown_in_full=True) == "Read on our website"
    assert p.read_more(item(2, Kind.SME_TOOL)) == "Open"
    webinar = item(3, Kind.EVENT, event=event(datetime(2017, 1, 24, 9),
                                              datetime(2017, 1, 24, 10), kind_label="Webinar"))
    assert p.item_label(webinar) == "Webinar"
    facts = p.facts(webinar)
    assert (facts.label, facts.timezone, facts.person) == ("Webinar", "Europe/Madrid", "")
    assert p.field_label("timezone") == "Time zone"


@given(start=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
       days=st.integers(0, 400), minutes=st.integers(0, 24 * 60 - 1), tz=st.sampled_from(ZONES),
       all_day=st.booleans())
@example(start=datetime(2016, 12, 31, 23, 0), days=1, minutes=0, tz="UTC", all_day=True)
def test_every_range_names_its_first_and_last_day(start, days, minutes, tz, all_day):
    start = start.replace(second=0, microsecond=0)
    if all_day:
        start = datetime.combine(start.date(), time())
    end = start + timedelta(days=days, minutes=0 if all_day else minutes)
    info = event(start, end, tz, all_day=all_day)
    when = p.event_when(info)
    first, last = info.start, info.end
    # the last day always appears whole; the first day's number and, when they differ,
    # its month and year
    assert p.day(last.date()) in when
    assert when.startswith(str(first.day))
    if (first.year, first.month) != (last.year, last.month):
        assert first.strftime("%B") in when
    if first.year != last.year:
        assert str(first.year) in when
    if all_day:
        assert ":" not in when
    else:
        assert f"{first:%H:%M}" in when and f"{last:%H:%M}" in when
        assert p.zone_abbreviation(last) in when
    if first.date() == last.date() and (all_day or first == last):
        assert when.startswith(p.day(first.date()))


@given(locale=st.sampled_from(["en", "en-gb", "fr", "de", "es", "it", "ca", "ja", "pt-br"]),
       days=st.integers(0, 40), all_day=st.booleans(), tz=st.sampled_from(ZONES))
def test_every_locale_gives_a_wording(locale, days, all_day, tz):
    start = datetime(2016, 12, 20, 9, 30)
    info = event(start, start + timedelta(days=days, hours=0 if all_day else 2), tz,
                 all_day=all_day, city="Lyon", country="FR")
    when = p.event_when(info, locale)
    # CLDR's own range patterns: the last day's number is always there, never a quote
    # from a pattern ("2016年12月20日～21日" names the month once)
    assert str(info.end.day) in when and "'" not in when
    if days == 0 or info.start.date() == info.end.date():
        assert when.startswith(p.day(info.start.date(), locale))
    assert p.event_where(info, locale).startswith("Lyon, ")
