"""Each fact reads the same in every channel: every demo item rendered as its web page,
in the email (HTML and text part), in RSS and Atom, as an iCal event and as an ECCP post
shows the strings of ``cms.presentation``, and a few of them are pinned literally."""

from __future__ import annotations

import html as html_lib
import re

import feedparser
import pytest
from icalendar import Calendar

from cms import presentation
from cms.items import Kind
from cms.templatetags.cms_tags import site_path
from feeds.eccp.post import build_post
from feeds.ical import event_ics
from feeds.syndication import ATOM, RSS, Channel, item_entry, render
from newsletter.rendering import render_issue
from newsletter.rendering.detail import shown
from newsletter.rendering.text import words

pytestmark = pytest.mark.django_db

CHANNEL = Channel(id="clusterpost:feed:test", title="Test", description="All the items.",
                  link="http://testserver/", self_url="http://testserver/feeds/all.rss")
ARTICLES = (Kind.INTERVIEW, Kind.SUCCESS_STORY, Kind.GATEWAY_NEWS, Kind.ACTIVITY_NEWS,
            Kind.EVENT)


def visible(markup: str) -> str:
    """Text of HTML with tags as spaces and entities decoded, ASCII whitespace collapsed
    (the thin spaces of date ranges are kept: they are part of the wording)."""
    return " ".join(words(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))))


def flat(text: str) -> str:
    return " ".join(words(text))


@pytest.fixture
def channels(client, demo_issue):
    """{item id: {channel: visible text}} for every article of the demo issue."""
    issue = demo_issue.as_issue()
    rendered = render_issue(issue)
    email_html, email_text = visible(rendered.html), flat(rendered.text)
    out = {}
    for item in issue.items:
        if item.kind not in ARTICLES:
            continue
        response = client.get(site_path(item.url))
        assert response.status_code == 200, item.url
        texts = {
            "web": visible(response.content.decode()),
            "email html": email_html,
            "email text": email_text,
        }
        for fmt in (RSS, ATOM):
            entry = feedparser.parse(render(CHANNEL, [item_entry(item)], fmt)).entries[0]
            texts[fmt] = visible(entry.content[0].value)
        post = build_post(item)
        texts["eccp"] = " ".join([visible(post.body_html), flat(post.body_text),
                                  post.event.where if post.event else ""])
        if item.kind == Kind.EVENT:
            event = Calendar.from_ical(event_ics(item)).walk("VEVENT")[0]
            texts["ical"] = flat(f"{event['DESCRIPTION']} {event['LOCATION']} "
                                 f"{' '.join(event['CATEGORIES'].cats)}")
        out[item.id] = (item, texts)
    return issue, rendered, out


# Which facts each channel carries (a channel may add around a fact, never reword it).
EXPECTED = {
    "when": {"web", "email html", "email text", RSS, ATOM, "eccp", "ical"},
    "timezone": {"web", "email html", "email text", RSS, ATOM, "eccp", "ical"},
    "where": {"web", "email html", "email text", RSS, ATOM, "eccp", "ical"},
    "person": {"web", "email html", "email text", RSS, ATOM, "eccp"},
    "with_person": {"email html", "email text", RSS, ATOM, "eccp"},
    "quote_by": {"web", "email html", "email text", RSS, ATOM},
    "agreement": {"web", "email html", "email text", RSS, ATOM, "eccp"},
}


def test_every_fact_of_every_demo_item_reads_the_same_in_every_channel(channels):
    issue, rendered, by_item = channels
    checked = set()
    for item, texts in by_item.values():
        facts = presentation.facts(item)
        for name, where in EXPECTED.items():
            value = getattr(facts, name)
            if not value or (name == "where" and item.event is None):
                continue
            for channel in where & texts.keys():
                assert value in texts[channel], (item.title, name, channel, value)
                checked.add((name, channel))
        if item.event is not None:  # the event's label heads it on the web and in email
            for channel in ("web", "email html", "ical"):
                if channel in texts:
                    assert facts.label in texts[channel], (item.title, channel)
        if item.url:  # the link label, as much of the item as the email showed
            full = shown(item, issue, rendered.detail).body
            label = presentation.read_more(item, shown_in_full=full)
            assert f"{label}: {item.url}" in texts["email text"], item.title
    # every fact kind was seen in every channel that carries it
    assert checked == {(name, channel) for name, where in EXPECTED.items() for channel in where}


def test_the_canonical_wordings(channels):
    """Literal strings, so that a change of wording shows up here, in every channel."""
    _issue, _rendered, by_item = channels

    def item_titled(fragment, kind=None):
        return next((item, texts) for item, texts in by_item.values()
                    if fragment in item.title and kind in (None, item.kind))

    webinar, webinar_texts = item_titled("Webinar", Kind.EVENT)
    assert presentation.event_when(webinar.event) == "24 January 2017, 09:00–10:00 GMT"
    assert presentation.event_timezone(webinar.event) == "Europe/London"
    assert presentation.event_where(webinar.event) == "Online"
    assert presentation.item_label(webinar) == "Webinar"
    for channel in ("web", "email html", "email text", RSS, ATOM, "eccp", "ical"):
        text = webinar_texts[channel]
        assert "24 January 2017, 09:00–10:00 GMT" in text, channel
        assert "Europe/London" in text, channel
    barcelona, barcelona_texts = item_titled("BES 2017")
    assert presentation.event_when(barcelona.event) == "3\u2009–\u20096 April 2017"
    assert presentation.event_where(barcelona.event) == "Barcelona, Spain"
    assert all("3\u2009–\u20096 April 2017" in text for text in barcelona_texts.values())
    interview, interview_texts = item_titled("José Freitas")
    assert presentation.person(interview.person).startswith("José Freitas, Policy Officer")
    assert all("José Freitas, Policy Officer" in interview_texts[channel]
               for channel in EXPECTED["person"])
    korea, korea_texts = item_titled("South Korea")
    line = ("Cooperation agreement with Chuncheon Bioindustry Foundation (CBF), "
            "signed 15 November 2016, two years")
    assert presentation.agreement(korea.agreement) == line
    assert all(line in korea_texts[channel] for channel in EXPECTED["agreement"])
    assert "Read more" in by_item[interview.id][1]["email html"]
