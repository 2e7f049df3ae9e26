"""RSS 2.0 and Atom built from plain Items, without the database."""

from datetime import UTC, datetime

import feedparser
import lxml.html
import pytest
from lxml import etree

from cms.items import Block, Issue, Kind, Partnership, Section
from feeds.syndication import ATOM, RSS, Channel, issue_entry, item_entry, render

from .builders import barcelona, item

pytestmark = pytest.mark.usefixtures("settings")  # SITE_URL for absolute links

CHANNEL = Channel(
    id="clusterpost:feed:all", title="bioXclusters plus: All articles",
    description="Everything.", link="http://testserver/",
    self_url="http://testserver/feeds/all.rss",
    alternate_self_url="http://testserver/feeds/all.atom", language="en-gb",
    author="bioXclusters plus", image_url="http://testserver/media/logo.png")
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}


def items():
    return [item(3, Kind.SUCCESS_STORY, title="Newest"), barcelona(2),
            item(1, title="Oldest", with_image=False)]


def rss(entries=None):
    return render(CHANNEL, [item_entry(i) for i in (entries or items())], RSS)


def atom(entries=None):
    return render(CHANNEL, [item_entry(i) for i in (entries or items())], ATOM)


def test_rss_parses_cleanly_with_required_elements():
    data = rss()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert [e.title for e in parsed.entries] == ["Newest", "BIO-Europe Spring 2017", "Oldest"]
    tree = etree.fromstring(data)
    channel = tree.find("channel")
    # RSS 2.0 required channel elements, plus what partners' readers expect
    assert channel.findtext("title") == "bioXclusters plus: All articles"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("description") == "Everything."
    assert channel.findtext("language") == "en-gb"
    assert channel.find("image/url").text == "http://testserver/media/logo.png"
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/feeds/all.rss"
    assert channel.findtext("lastBuildDate") == "Wed, 04 Jan 2017 09:00:00 +0000"  # newest
    first = channel.find("item")
    assert first.findtext("title") == "Newest"
    assert first.findtext("link") == "http://testserver/items/3/"
    guid = first.find("guid")
    assert guid.text == "clusterpost:page:3" and guid.get("isPermaLink") == "false"
    assert first.findtext("description") == "Summary 3"
    assert "<h2>Heading</h2>" in first.findtext("content:encoded", namespaces=NS)
    assert first.findtext("pubDate") == "Wed, 04 Jan 2017 09:00:00 +0000"
    assert first.findtext("dc:creator", namespaces=NS) == "bioXclusters plus"
    assert [c.text for c in first.findall("category")] == [
        "SME success story", "Biotech", "Japan", "Spain"]
    enclosure = first.find("enclosure")
    assert enclosure.get("url") == "http://testserver/media/img3-email.png"
    assert enclosure.get("length") == "12345" and enclosure.get("type") == "image/png"
    assert tree.findall("channel/item")[2].find("enclosure") is None  # no image, no enclosure


def test_atom_parses_cleanly_with_required_elements():
    data = atom()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "clusterpost:feed:all"
    assert parsed.feed.updated_parsed[:5] == (2017, 1, 4, 9, 0)
    assert parsed.feed.author == "bioXclusters plus"
    assert parsed.feed.logo == "http://testserver/media/logo.png"
    assert {(link.rel, link.href) for link in parsed.feed.links} >= {
        ("self", CHANNEL.self_url),
        ("alternate", "http://testserver/")}
    entry = parsed.entries[1]
    assert entry.id == "clusterpost:page:2"
    assert entry.title == "BIO-Europe Spring 2017"
    assert entry.link == "http://testserver/items/2/"
    assert entry.published_parsed[:3] == (2017, 1, 3)
    assert entry.updated_parsed[:3] == (2017, 1, 3)
    assert entry.author == "bioXclusters plus"
    assert entry.summary == "Summary 2"
    assert entry.content[0].type == "text/html"
    assert "Europe/Madrid" in entry.content[0].value
    assert "http://testserver/feeds/events/1.ics" in entry.content[0].value
    assert [t.term for t in entry.tags] == ["Event", "Biotech", "Japan", "Spain"]
    assert entry.enclosures == [{"href": "http://testserver/media/img2-email.png",
                                 "type": "image/png", "length": "12345"}]
    # every entry carries the elements Atom requires
    root = etree.fromstring(data)
    for element in root.findall("atom:entry", NS):
        for required in ("id", "title", "updated"):
            assert element.findtext(f"atom:{required}", namespaces=NS)
    for required in ("id", "title", "updated"):
        assert root.findtext(f"atom:{required}", namespaces=NS)


def test_same_items_give_same_bytes():
    assert rss() == rss()
    assert atom() == atom()
    later = item(3, Kind.SUCCESS_STORY, title="Newest",
                 updated=datetime(2017, 2, 1, 12, tzinfo=UTC))
    changed = rss([later, *items()[1:]])
    assert changed != rss()
    assert b"<lastBuildDate>Wed, 01 Feb 2017 12:00:00 +0000</lastBuildDate>" in changed


def test_empty_feed_is_valid_and_stable():
    for fmt in (RSS, ATOM):
        data = render(CHANNEL, [], fmt)
        assert feedparser.parse(data).bozo == 0
        assert data == render(CHANNEL, [], fmt)


MALICIOUS = (
    Block(type="richtext", html=(
        '<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(2)">js</a> <a href="/relative/page/">rel</a>'
        '<img src="/media/x.png" onerror="alert(3)">'
        '<style>body{display:none}</style><span style="color:red">red</span>'
        '<iframe src="https://evil.example/"></iframe></p>')),
    Block(type="heading", text="<script>alert(4)</script>"),
    Block(type="qa", number=1, text="<b onmouseover=x>Q</b>",
          html='<p><a href="vbscript:msgbox">vb</a></p>'),
    Block(type="quote", text='"><img src=x onerror=alert(5)>', attribution="<i>me</i>"),
)


@pytest.mark.parametrize("fmt", [RSS, ATOM])
def test_malicious_rich_text_is_sanitised(fmt):
    evil = item(1, body=MALICIOUS)
    parsed = feedparser.parse(render(CHANNEL, [item_entry(evil)], fmt))
    assert parsed.bozo == 0
    html = parsed.entries[0].content[0].value
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    tags = {element.tag for element in fragment.iter()}
    assert not tags & {"script", "style", "iframe"}
    for element in fragment.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name != "style", (element.tag, name)
            assert not value.lower().startswith(("javascript:", "vbscript:")), value
    assert "evil.example" not in html
    assert 'href="http://testserver/relative/page/"' in html  # made absolute
    assert 'src="http://testserver/media/x.png"' in html
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html  # the heading is text
    assert "red" in html and "Hi" in html  # the text itself survives


def test_issue_entry_lists_sections_and_links():
    partnership = Partnership(name="bioXclusters plus", tagline="", logo=None, about_html="",
                              disclaimer="", postal_address="", sender_name="",
                              sender_email="", site_url="http://testserver")
    issue = Issue(
        id=5, title="Newsletter January 2017", slug="newsletter-january-2017",
        date=datetime(2017, 1, 16).date(), subject="S", preheader="Pre",
        intro_html="<p>Intro</p>", url="http://testserver/issues/newsletter-january-2017/",
        sections=(Section(key="interview", title="Interview", items=(item(1),)),
                  Section(key="upcoming", title="Upcoming", items=(barcelona(),)),
                  Section(key="about", title="About", items=(item(9),))),
        partnership=partnership,
        published=datetime(2017, 1, 16, 9, tzinfo=UTC), updated=None)
    entry = issue_entry(issue)
    assert entry.id == "clusterpost:issue:5"
    assert entry.updated == entry.published
    parsed = feedparser.parse(render(CHANNEL, [entry], RSS))
    assert parsed.bozo == 0
    html = parsed.entries[0].content[0].value
    assert "<h2>Interview</h2>" in html and "<h2>Upcoming</h2>" in html
    assert "About" not in html  # the standing about block is not news
    assert 'href="http://testserver/items/1/"' in html
    assert 'href="http://testserver/issues/newsletter-january-2017/"' in html
