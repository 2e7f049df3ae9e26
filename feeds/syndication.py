"""RSS 2.0 and Atom 1.0 documents, built with feedgen from Items and Issues.

Pure functions: the same channel and entries always give the same bytes. feedgen
stamps "now" into lastBuildDate/updated unless told otherwise, so both come from the
newest entry (or a fixed epoch for an empty feed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from cms.items import Issue, Item
from cms.lists import country_name
from cms.presentation import kind_label

from .content import issue_html, item_html, xml_text

RSS = "rss"
ATOM = "atom"
FORMATS = (RSS, ATOM)
CONTENT_TYPES = {
    RSS: "application/rss+xml; charset=utf-8",
    ATOM: "application/atom+xml; charset=utf-8",
}
ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
GENERATOR = "clusterpost (python-feedgen)"


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself. All URLs absolute."""

    id: str  # stable Atom id, e.g. "clusterpost:feed:interviews"
    title: str
    description: str
    link: str  # the site (or the listing page) the feed belongs to
    self_url: str  # this document's own URL (rss: atom:link rel=self)
    language: str = "en"
    author: str = ""
    image_url: str = ""  # the partnership logo
    alternate_self_url: str = ""  # the same feed in the other format


@dataclass(frozen=True)
class Entry:
    """One feed entry, whatever it was built from."""

    id: str
    title: str
    link: str
    summary: str
    html: str
    published: datetime
    updated: datetime
    author: str
    categories: tuple[str, ...] = ()
    enclosure: tuple[str, int, str] | None = None  # url, length, mime type


class _AtomLinks(BaseEntryExtension):
    """Writes an Atom entry's <link> elements with all their attributes.

    feedgen 1.0.0 drops rel, type and length from entry links in Atom (a shadowed
    variable in FeedEntry.atom_entry), which would turn the image enclosure into a
    plain alternate link. This extension replaces those links with complete ones."""

    def __init__(self):
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        # feedgen builds un-namespaced elements under the Atom default namespace.
        for child in list(entry):
            if child.tag in ("link", f"{{{ATOM_NS}}}link"):
                entry.remove(child)
        for link in self.links:
            etree.SubElement(entry, "link", link)
        return entry


def item_entry(item: Item) -> Entry:
    categories = [kind_label(item.kind, item.language), *item.sectors,
                  *(country_name(code) for code in item.countries)]
    enclosure = None
    if item.image is not None:
        for purpose in ("email", "card", "original"):
            rendition = item.image.renditions.get(purpose)
            if rendition is not None:
                enclosure = (rendition.url, rendition.length, rendition.mime_type)
                break
    return Entry(
        id=item.id, title=item.title, link=item.url, summary=item.summary,
        html=item_html(item), published=item.published,
        updated=max(item.updated, item.published), author=item.author,
        categories=tuple(dict.fromkeys(c for c in categories if c)), enclosure=enclosure,
    )


def issue_entry(issue: Issue) -> Entry:
    published = issue.published or datetime.combine(issue.date, datetime.min.time(), UTC)
    updated = max(issue.updated or published, published)
    return Entry(
        id=f"clusterpost:issue:{issue.id}", title=issue.title, link=issue.url,
        summary=issue.preheader or issue.subject, html=issue_html(issue),
        published=published, updated=updated, author=issue.partnership.name,
        categories=("Newsletter",),
    )


def newest(entries: Iterable[Entry]) -> datetime:
    return max((entry.updated for entry in entries), default=EPOCH)


def _generator(channel: Channel, entries: Sequence[Entry], fmt: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.register_extension("atomlinks", BaseExtension, _AtomLinks, atom=True, rss=False)
    feed.id(channel.id)
    feed.title(xml_text(channel.title).strip() or channel.id)
    feed.description(xml_text(channel.description).strip() or xml_text(channel.title))
    # feedgen's RSS <link> is the last link added: self first, then the site.
    feed.link(href=channel.self_url, rel="self", type=CONTENT_TYPES[fmt].split(";")[0])
    if channel.alternate_self_url:
        other = ATOM if fmt == RSS else RSS
        feed.link(href=channel.alternate_self_url, rel="alternate",
                  type=CONTENT_TYPES[other].split(";")[0])
    feed.link(href=channel.link, rel="alternate", type="text/html")
    feed.language(channel.language)
    feed.generator(GENERATOR)
    if xml_text(channel.author).strip():
        feed.author({"name": xml_text(channel.author)})
    if channel.image_url:
        feed.image(url=channel.image_url, title=channel.title, link=channel.link)
        feed.logo(channel.image_url)
    stamp = newest(entries)
    feed.lastBuildDate(stamp)
    feed.updated(stamp)
    for entry in entries:
        fe = feed.add_entry(order="append")
        title = xml_text(entry.title).strip() or "(untitled)"
        author = xml_text(entry.author).strip()
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(title)
        fe.link(href=entry.link, rel="alternate")
        fe.atomlinks.links.append({"rel": "alternate", "type": "text/html",
                                   "href": entry.link})
        fe.published(entry.published)
        fe.updated(entry.updated)
        if author:
            fe.author({"name": author})
            fe.dc.dc_creator(author)
        for category in dict.fromkeys(xml_text(c).strip() for c in entry.categories):
            if category:
                fe.category(term=category)
        # description/summary first, then content: feedgen then writes both the
        # rss description and content:encoded (and atom summary and content).
        fe.summary(xml_text(entry.summary).strip() or title)
        fe.content(xml_text(entry.html), type="html")
        if entry.enclosure is not None:
            url, length, mime_type = entry.enclosure
            fe.enclosure(url, str(length), mime_type)
            fe.atomlinks.links.append({"rel": "enclosure", "href": url, "type": mime_type,
                                       "length": str(length)})
    return feed


def render(channel: Channel, entries: Sequence[Entry], fmt: str) -> bytes:
    """The feed document as UTF-8 bytes, in ``fmt`` ("rss" or "atom")."""
    feed = _generator(channel, entries, fmt)
    if fmt == RSS:
        return feed.rss_str(pretty=False)
    if fmt == ATOM:
        return feed.atom_str(pretty=False)
    raise ValueError(f"Unknown feed format {fmt!r}")
