"""The full HTML of an Item for feed readers, built from its body Blocks.

Everything is escaped or already sanitised, and the result goes through
``cms.richtext.sanitise_html`` once more: no scripts, styles or event handlers, and
every link and image URL absolute, whatever an editor pasted.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.utils.html import escape

from cms.items import Block, EventInfo, Image, Issue, Item
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


def _when(event: EventInfo) -> str:
    start, end = event.start, event.end

    def day(value: datetime) -> str:
        return f"{value.day} {value:%B %Y}"

    if start.date() == end.date():
        when = day(start)
        if not event.all_day:
            when += f", {start:%H:%M}" + (f"–{end:%H:%M}" if end > start else "")
    else:
        when = f"{day(start)} – {day(end)}"
        if not event.all_day:
            when = f"{day(start)}, {start:%H:%M} – {day(end)}, {end:%H:%M}"
    if not event.all_day:
        when += f" ({event.timezone})"
    return when


def event_html(event: EventInfo) -> str:
    where = ", ".join(p for p in (event.venue, event.city, event.country_name) if p)
    rows = [f"<strong>When:</strong> {escape(_when(event))}"]
    if where:
        rows.append(f"<strong>Where:</strong> {escape(where)}")
    if event.online_url:
        rows.append(f'<strong>Online:</strong> <a href="{escape(event.online_url)}">'
                    f"{escape(event.online_url)}</a>")
    if event.organiser:
        rows.append(f"<strong>Organiser:</strong> {escape(event.organiser)}")
    links = []
    if event.registration_url:
        links.append(f'<a href="{escape(event.registration_url)}">Register</a>')
    if event.ics_url:
        links.append(f'<a href="{escape(event.ics_url)}">Add to calendar (.ics)</a>')
    if links:
        rows.append(" · ".join(links))
    return "<p>" + "<br>".join(rows) + "</p>"


def item_html(item: Item) -> str:
    """Hero image, kind-specific facts, then the body: the content of a feed entry."""
    parts = [image_html(item.image)]
    if item.person is not None:
        who = ", ".join(p for p in (item.person.name, item.person.role,
                                    item.person.organisation) if p)
        parts.append(f"<p><em>Interview with {escape(who)}</em></p>")
    if item.outcome:
        parts.append(f"<p><strong>{escape(item.outcome)}</strong></p>")
    if item.event is not None:
        parts.append(event_html(item.event))
    parts += [block_html(block) for block in item.body]
    if item.quote is not None:
        person = item.quote.person
        who = ", ".join(p for p in (person.name, person.role, person.organisation) if p)
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
