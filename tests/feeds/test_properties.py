"""Property tests: whatever editors type, feeds stay well-formed and calendars parse."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cms.items import Block
from feeds.ical import event_ics
from feeds.syndication import ATOM, RSS, item_entry, render

from .builders import event_info, item
from .test_syndication import CHANNEL

text = st.text(max_size=80)  # any unicode, control characters and surrogates included


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, summary=text, heading=text, html=text, author=text, sector=text)
@example(title="", summary="\x0b", heading="\x00", html="<p>\ud800</p>", author=" ",
         sector="\x1f")
def test_any_text_gives_a_well_formed_feed(title, summary, heading, html, author, sector):
    evil = item(1, title=title, summary=summary, author=author, sectors=(sector,),
                body=(Block(type="heading", text=heading), Block(type="richtext", html=html),
                      Block(type="quote", text=heading, attribution=author)))
    for fmt in (RSS, ATOM):
        parsed = feedparser.parse(render(CHANNEL, [item_entry(evil)], fmt))
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert len(parsed.entries) == 1


@settings(max_examples=40, deadline=None)
@given(title=text, summary=text, venue=text, hours=st.integers(0, 24 * 400),
       length=st.integers(0, 24 * 10),
       tz=st.sampled_from(["Europe/Madrid", "America/Toronto", "Asia/Tokyo", "UTC",
                           "Australia/Adelaide"]))
@example(title="\n", summary="\x0b\n", venue="a\nb\x00", hours=0, length=0, tz="Europe/Madrid")
def test_any_event_round_trips_through_ics(title, summary, venue, hours, length, tz):
    zone = ZoneInfo(tz)
    start = datetime(2017, 1, 1, tzinfo=zone) + timedelta(hours=hours)
    end = start + timedelta(hours=length)
    ev = item(2, "event", title=title, summary=summary,
              event=event_info(start, end, tz, venue=venue))
    (vevent,) = Calendar.from_ical(event_ics(ev)).walk("VEVENT")
    assert vevent.decoded("DTSTART").astimezone(UTC) == start.astimezone(UTC)
    if length:
        assert vevent.decoded("DTEND").astimezone(UTC) == end.astimezone(UTC)
