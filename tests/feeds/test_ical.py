"""iCal files: parse back with icalendar, times right in UTC, VTIMEZONE, stable UIDs."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from feeds.ical import calendar_ics, event_ics, event_uid, ics_filename

from .builders import barcelona, event_info, item, webinar


def events_of(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_event_ics_barcelona_in_madrid_time_with_vtimezone():
    data = event_ics(barcelona())
    calendar, (event,) = events_of(data)
    assert event["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2017, 4, 3, 7, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2017, 4, 6, 16, 0, tzinfo=UTC)
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Madrid"
    assert b"DTSTART;TZID=Europe/Madrid:20170403T090000" in data
    assert str(event["SUMMARY"]) == "BIO-Europe Spring 2017"
    assert str(event["LOCATION"]) == "Fira Gran Via, Barcelona, Spain"
    assert str(event["URL"]) == "http://testserver/items/7/"
    assert "http://testserver/items/7/" in str(event["DESCRIPTION"])
    assert "Summary 7" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:jane@example.org"
    assert event["ORGANIZER"].params["CN"] == "EBD Group"
    assert str(event["UID"]) == "clusterpost-page-7@testserver"
    assert calendar["METHOD"] == "PUBLISH"
    assert data.endswith(b"\r\n")


def test_webinar_24_january_2017_9_gmt():
    _, (event,) = events_of(event_ics(webinar()))
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2017, 1, 24, 9, 0, tzinfo=UTC)
    assert "https://example.org/webinar" in str(event["LOCATION"])
    assert "ORGANIZER" not in event  # no email address to put in it


def test_utc_event_needs_no_vtimezone():
    tz = ZoneInfo("UTC")
    e = item(3, "event", event=event_info(datetime(2017, 1, 24, 9, tzinfo=tz),
                                          datetime(2017, 1, 24, 10, tzinfo=tz), "UTC"))
    data = event_ics(e)
    calendar, (event,) = events_of(data)
    assert b"DTSTART:20170124T090000Z" in data
    assert not calendar.walk("VTIMEZONE")
    assert event.decoded("DTSTART") == datetime(2017, 1, 24, 9, tzinfo=UTC)


def test_all_day_event_uses_dates_with_exclusive_end():
    tz = ZoneInfo("Asia/Tokyo")
    e = item(4, "event", event=event_info(
        datetime.combine(date(2016, 10, 10), time.min, tzinfo=tz),
        datetime.combine(date(2016, 10, 13), time(23, 59, 59), tzinfo=tz), "Asia/Tokyo",
        all_day=True))
    data = event_ics(e)
    _, (event,) = events_of(data)
    assert b"DTSTART;VALUE=DATE:20161010" in data
    assert event.decoded("DTSTART") == date(2016, 10, 10)
    assert event.decoded("DTEND") == date(2016, 10, 14)


def test_moment_has_no_dtend():
    tz = ZoneInfo("Europe/Berlin")
    moment = datetime(2016, 11, 8, 12, tzinfo=tz)
    _, (event,) = events_of(event_ics(item(5, "event", event=event_info(moment, moment,
                                                                        "Europe/Berlin"))))
    assert "DTEND" not in event


def test_same_item_same_bytes_and_stable_uid():
    assert event_ics(barcelona()) == event_ics(barcelona())
    assert event_uid(barcelona()) == event_uid(barcelona())
    assert event_uid(barcelona(7)) != event_uid(barcelona(8))


def test_calendar_holds_every_event_and_each_timezone_once():
    data = calendar_ics([barcelona(1), webinar(2), barcelona(3), item(9)], name="Events")
    calendar, events = events_of(data)
    assert [str(e["UID"]) for e in events] == [
        "clusterpost-page-1@testserver", "clusterpost-page-2@testserver",
        "clusterpost-page-3@testserver"]  # item 9 has no event details: skipped
    assert sorted(str(t["TZID"]) for t in calendar.walk("VTIMEZONE")) == [
        "Europe/London", "Europe/Madrid"]
    assert calendar["X-WR-CALNAME"] == "Events"


def test_empty_calendar_is_valid():
    calendar, events = events_of(calendar_ics([]))
    assert events == [] and calendar["VERSION"] == "2.0"


def test_event_ics_needs_event_details():
    with pytest.raises(ValueError):
        event_ics(item(1))


def test_filename():
    assert ics_filename(barcelona()) == "bio-europe-spring-2017.ics"
    assert ics_filename(item(1, title="Köln: BIO-Europe!")) == "koln-bio-europe.ics"
    assert ics_filename(item(1, title="???")) == "event.ics"


# --- the view -------------------------------------------------------------------------

def test_event_ics_view_serves_live_event(client, tree):
    page = tree.event("BIO-Europe Spring 2017", start_date=date(2017, 4, 3),
                      start_time=time(9), end_date=date(2017, 4, 6), end_time=time(18),
                      timezone="Europe/Madrid", city="Barcelona", country="ES")
    item_ = page.as_item()
    assert item_.event.ics_url == f"http://testserver/feeds/events/{page.pk}.ics"
    response = client.get(f"/feeds/events/{page.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bio-europe-spring-2017.ics"'
    assert "Last-Modified" in response
    _, (event,) = events_of(response.content)
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2017, 4, 3, 7, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2017, 4, 6, 16, 0, tzinfo=UTC)
    again = client.get(f"/feeds/events/{page.pk}.ics",
                       HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_event_ics_view_404_for_draft_private_and_other_pages(client, tree):
    from wagtail.models import PageViewRestriction

    draft = tree.event("Draft", live=False)
    assert client.get(f"/feeds/events/{draft.pk}.ics").status_code == 404
    private = tree.event("Private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert client.get(f"/feeds/events/{private.pk}.ics").status_code == 404
    interview = tree.interview()
    assert client.get(f"/feeds/events/{interview.pk}.ics").status_code == 404
    assert client.get("/feeds/events/999999.ics").status_code == 404
    live = tree.event("Live")
    assert client.get(f"/feeds/events/{live.pk}.ics").status_code == 200
    live.unpublish()
    assert client.get(f"/feeds/events/{live.pk}.ics").status_code == 404
