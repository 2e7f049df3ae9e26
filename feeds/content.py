"""The full HTML of an Item for feed readers, built from its body Blocks.

Everything is escaped or already sanitised, and the result goes through
``cms.richtext.sanitise_html`` once more: no scripts, styles or event handlers, and
every link and image URL absolute, whatever an editor pasted.
"""

from __future__ import annotations

import re

from django.utils.html import escape

from cms import presentation
from cms.items import Block, Image, Issue, Item
from cms.richtext import sanitise_html

IMAGE_PURPOSE = "email"  # 1200 px wide, the best fit for a reader's column

# Characters XML 1.0 does not allow (C0 controls but tab/newline/return, surrogates,
# U+FFFE/U+FFFF): lxml refuses them, nh3 cannot encode lone surrogates, and one pasted
# from a word processor would break the whole feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _rendition(image: Image):
    for purpose in (IMAGE_PURPOSE, "card", "original"):
        if purpose in image.renditions:
            return image.renditions[purpose]
    return None


def image_html(image: Image | None, caption: str = "") -> str:
    if image is None:
        return ""
    rendition = _rendition(image)
    if rendition is None:
        return ""
    caption = caption or image.caption
    credit = (f" ({image.credit})" if caption else image.credit) if image.credit else ""
    figcaption = (f"<figcaption>{escape(caption)}{escape(credit)}</figcaption>"
                  if caption or credit else "")
    return (f'<figure><img src="{escape(rendition.url)}" alt="{escape(image.alt)}" '
            f'width="{rendition.width}" height="{rendition.height}">{figcaption}</figure>')


def block_html(block: Block) -> str:
    if block.type == "richtext":
        return block.html
    if block.type == "heading":
        return f"<h2>{escape(block.text)}</h2>"
    if block.type == "qa":
        number = f"{block.number}. " if block.number is not None else ""
        return f"<h3>{number}{escape(block.text)}</h3>{block.html}"
    if block.type == "quote":
        attribution = f"<p>— {escape(block.attribution)}</p>" if block.attribution else ""
        return f"<blockquote><p>{escape(block.text)}</p>{attribution}</blockquote>"
    if block.type == "image":
        return image_html(block.image, block.text)
    return ""


def facts_html(item: Item) -> str:
    """The item's presented facts (``cms.presentation``) as HTML paragraphs: who was
    interviewed, when, in which time zone and where an event is, what was agreed, and
    where it happened. Feed entries and ECCP bodies both start with it (one paragraph
    per fact: the ECCP allows no <br>)."""
    facts = presentation.facts(item)
    parts = []
    if facts.with_person:
        parts.append(f"<p><em>{escape(facts.with_person)}</em></p>")
    if item.event is not None:
        for name in ("when", "timezone", "where"):
            if value := getattr(facts, name):
                label = presentation.field_label(name, item.language)
                parts.append(f"<p><strong>{escape(label)}:</strong> {escape(value)}</p>")
    elif facts.where:
        parts.append(f"<p>{escape(facts.where)}</p>")
    if facts.agreement:
        parts.append(f"<p>{escape(facts.agreement)}</p>")
    return "".join(parts)


def event_links_html(item: Item) -> str:
    """How to take part: join online, the organiser, register, add to calendar."""
    event = item.event

    def label(name: str) -> str:
        return escape(presentation.field_label(name, item.language))

    rows = []
    if event.online_url:
        rows.append(f'<strong>{label("join_online")}:</strong> '
                    f'<a href="{escape(event.online_url)}">{escape(event.online_url)}</a>')
    if event.organiser:
        rows.append(f"<strong>{label('organiser')}:</strong> {escape(event.organiser)}")
    links = []
    if event.registration_url:
        links.append(f'<a href="{escape(event.registration_url)}">{label("register")}</a>')
    if event.ics_url:
        links.append(f'<a href="{escape(event.ics_url)}">{label("add_to_calendar")} (.ics)</a>')
    if links:
        rows.append(" · ".join(links))
    return "<p>" + "<br>".join(rows) + "</p>" if rows else ""


def item_html(item: Item) -> str:
    """Hero image, the presented facts, then the body: the content of a feed entry."""
    parts = [image_html(item.image), facts_html(item)]
    if item.outcome:
        parts.append(f"<p><strong>{escape(item.outcome)}</strong></p>")
    if item.event is not None:
        parts.append(event_links_html(item))
    parts += [block_html(block) for block in item.body]
    if item.quote is not None:
        who = presentation.person(item.quote.person, item.language)
        parts.append(f"<blockquote><p>{escape(item.quote.text)}</p><p>— {escape(who)}</p>"
                     "</blockquote>")
    if item.related_url:
        parts.append(f'<p><a href="{escape(item.related_url)}">Related</a></p>')
    return sanitise_html(xml_text("".join(parts)))


def issue_html(issue: Issue) -> str:
    """An issue as a feed entry: the editorial intro and each section's articles."""
    parts = [issue.intro_html]
    for section in issue.sections:
        if section.key == "about" or not section.items:
            continue
        parts.append(f"<h2>{escape(section.title)}</h2>")
        parts.append(section.intro_html)
        rows = []
        for item in section.items:
            title = (f'<a href="{escape(item.url)}">{escape(item.title)}</a>' if item.url
                     else escape(item.title))
            summary = f" — {escape(item.summary)}" if item.summary else ""
            rows.append(f"<li>{title}{summary}</li>")
        parts.append("<ul>" + "".join(rows) + "</ul>")
    parts.append(f'<p><a href="{escape(issue.url)}">Read the whole issue</a></p>')
    return sanitise_html(xml_text("".join(parts)))
