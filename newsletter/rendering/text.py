"""Issue -> the plain-text part, built from the same Items as the HTML (never by
stripping the HTML). Lines are at most 78 characters; only a URL longer than that
stands alone on a longer line, unbroken, so that it stays clickable."""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext

from cms import presentation
from cms.items import Block, Issue, Item, Section
from cms.links import section_anchor, section_url
from cms.plaintext import html_to_text

from .detail import shown

WIDTH = 78
RULE = "-" * WIDTH
DOUBLE_RULE = "=" * WIDTH
# Lines break at ASCII spaces only: the thin and no-break spaces of dates and ranges
# ("3 – 6 April 2017") stay as the presentation layer wrote them.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_UNEVEN_SPACES = re.compile(r"[\t\r\n\f\v]|  ")


def words(text: str) -> list[str]:
    return [word for word in _SPACES.split(text or "") if word]


def is_url(word: str) -> bool:
    word = word.strip("<>()[].,;")
    return "://" in word or word.startswith("mailto:") or word.startswith("%%CP-")


@cache
def _long_word(room: int) -> re.Pattern:
    return re.compile(f"[^ ]{{{room + 1},}}")


@cache
def _lines(room: int) -> re.Pattern:
    """Each match: the most words, one space apart, that fit in ``room`` columns."""
    return re.compile(f"(.{{1,{room}}})(?: |$)")


def wrap(text: str, width: int = WIDTH, indent: str = "") -> str:
    """Wrap each line of ``text`` at ``width`` columns. Long words are broken, URLs
    never: a URL longer than the line stands alone on its line."""
    out: list[str] = []
    room = max(10, width - len(indent))
    for paragraph in (text or "").split("\n"):
        # The words, one space apart (most text already is: no substitution then).
        joined = (_SPACES.sub(" ", paragraph) if _UNEVEN_SPACES.search(paragraph)
                  else paragraph).strip(" ")
        if len(joined) <= room:  # most lines: nothing to break
            out.append(indent + joined if joined else "")
            continue
        if not _long_word(room).search(joined):  # greedy filling, done by the regex engine
            out.extend(indent + line for line in _lines(room).findall(joined))
            continue
        line: list[str] = []
        length = 0  # of " ".join(line)
        for word in joined.split(" "):
            pieces = [word]
            if len(word) > room and not is_url(word):
                pieces = [word[i:i + room] for i in range(0, len(word), room)]
            for piece in pieces:
                if not line:
                    line, length = [piece], len(piece)
                elif length + 1 + len(piece) <= room:
                    line.append(piece)
                    length += 1 + len(piece)
                else:
                    out.append(indent + " ".join(line))
                    line, length = [piece], len(piece)
        out.append(indent + " ".join(line))
    return "\n".join(out)


def one_line(text: str) -> str:
    return " ".join(words(text))


def heading(text: str, underline: str = "-") -> str:
    text = wrap(one_line(text))
    longest = max(len(line) for line in text.split("\n"))
    return f"{text}\n{underline * min(WIDTH, max(3, longest))}"


def labelled(label: str, value: str) -> str:
    """'Label: value' on one line if it fits, else the value on the next line."""
    line = f"{label}: {value}"
    if len(line) <= WIDTH or not is_url(value):
        return wrap(line)
    return f"{label}:\n{value}"


def block_text(block: Block) -> str:
    if block.type == "richtext":
        return wrap(html_to_text(block.html))
    if block.type == "heading":
        return wrap(one_line(block.text).upper())
    if block.type == "qa":
        question = f"{block.number}. {one_line(block.text)}" if block.number else one_line(block.text)
        answer = wrap(html_to_text(block.html))
        return f"{wrap(question)}\n\n{answer}" if answer else wrap(question)
    if block.type == "quote":
        quote = wrap(f"“{one_line(block.text)}”", indent="    ")
        if block.attribution:
            quote += "\n" + wrap(f"— {one_line(block.attribution)}", indent="    ")
        return quote
    if block.type == "image" and block.text:
        return wrap(f"[Image: {one_line(block.text)}]")
    return ""


def item_text(item: Item, issue: Issue, detail: str) -> str:
    shows = shown(item, issue, detail)
    facts = presentation.facts(item)
    parts: list[str] = [heading(item.title)]
    meta: list[str] = []
    if facts.with_person:
        meta.append(wrap(one_line(facts.with_person)))
    if item.event is None and facts.where:  # events show "Where:" instead
        meta.append(wrap(one_line(facts.where)))
    if facts.agreement:
        meta.append(wrap(one_line(facts.agreement)))
    if meta:
        parts.append("\n".join(meta))
    if item.event:
        event = item.event

        def label(name: str) -> str:
            return presentation.field_label(name, item.language)

        lines = [labelled(label("when"), facts.when),
                 labelled(label("timezone"), facts.timezone)]
        if facts.where:
            lines.append(labelled(label("where"), facts.where))
        if shows.event_links:
            for name, url in (("register", event.registration_url),
                              ("add_to_calendar", event.ics_url),
                              ("join_online", event.online_url)):
                if url:
                    lines.append(labelled(label(name), url))
        parts.append("\n".join(lines))
    if shows.outcome:
        parts.append(wrap(one_line(item.outcome)))
    if shows.summary:
        parts.append(wrap(item.summary))
    if shows.body:
        for block in item.body:
            text = block_text(block)
            if text:
                parts.append(text)
    if shows.quote:
        quote = wrap(f"“{one_line(item.quote.text)}”", indent="    ")
        parts.append(quote + "\n" + wrap(f"— {one_line(facts.quote_by)}", indent="    "))
    if item.url:
        more = presentation.read_more(item, item.language, shown_in_full=shows.body)
        parts.append(labelled(more, item.url))
    return "\n\n".join(parts)


def toc_entry(issue: Issue, position: int, section: Section) -> str:
    """'- Title' and, below it, the section on the web version: a text part has no
    anchors to jump to."""
    entry = wrap(f"- {one_line(section.title)}")
    web_url = section_url(issue.url, section_anchor(section.key, position))
    return f"{entry}\n  {web_url}" if web_url else entry


def render_text(issue: Issue, placeholders, detail: str = "standard") -> str:
    """The text part, with the personal tokens in place (see tokens.Placeholders)."""
    partnership = issue.partnership
    out: list[str] = [
        wrap(one_line(partnership.name)),
        heading(issue.title.upper(), "="),
        labelled(gettext("View in your browser"), issue.url),
        placeholders.greeting,
    ]
    if issue.intro_html:
        out.append(wrap(html_to_text(issue.intro_html)))
    listed = [(position, s) for position, s in enumerate(issue.sections, start=1)
              if s.items or s.key == "about"]
    if listed:
        out.append(gettext("In this issue").upper() + "\n"
                   + "\n".join(toc_entry(issue, position, s) for position, s in listed))
    for _position, section in listed:
        out.append(f"{DOUBLE_RULE}\n{wrap(one_line(section.title).upper())}\n{DOUBLE_RULE}")
        if section.key == "about":
            if partnership.about_html:
                out.append(wrap(html_to_text(partnership.about_html)))
            for member in section.items:
                line = one_line(member.title)
                if member.summary:
                    line += f" ({one_line(member.summary)})"
                entry = wrap(f"- {line}")
                if member.url:
                    entry += "\n" + labelled("  " + gettext("Website"), member.url)
                out.append(entry)
            continue
        if section.intro_html:
            out.append(wrap(html_to_text(section.intro_html)))
        out.append(f"\n\n{RULE}\n\n".join(item_text(item, issue, detail)
                                            for item in section.items))
    if partnership.disclaimer:
        out.append(f"{RULE}\n{wrap(partnership.disclaimer)}")
    out.append(footer_text(partnership, placeholders, issue.url))
    text = "\n\n".join(part for part in out if part) + "\n"
    return placeholders.to_tokens(text)


def footer_text(partnership, placeholders, web_url: str = "") -> str:
    """The text part's footer, as every email of the partnership ends: why the reader
    gets it, the preference and unsubscribe links, the web version (if any), the
    postal address."""
    footer = [
        RULE,
        wrap(gettext("You receive this newsletter because you subscribed to news from "
                     "%(partnership)s.") % {"partnership": one_line(partnership.name)}),
        f"{gettext('Update your preferences')}:\n{placeholders.preferences_url}",
        f"{gettext('Unsubscribe')}:\n{placeholders.unsubscribe_url}",
    ]
    if web_url:
        footer.append(labelled(gettext("View in your browser"), web_url))
    address = [wrap(one_line(line)) for line in partnership.postal_address.splitlines()
               if line.strip()]
    footer.append("\n".join([wrap(one_line(partnership.name)), *address]))
    return "\n\n".join(footer)
