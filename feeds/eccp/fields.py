"""An EccpPost as the rows an editor copies into the ECCP's form, one per field, each with
its own validation messages. Shared by the "ECCP" preview mode and the admin view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from .post import TEASER_MAX, TITLE_MAX, TITLE_RECOMMENDED, EccpPost
from .validation import FIELDS, Message, by_field


@dataclass
class Row:
    key: str
    label: str
    value: str  # exactly what the copy button puts on the clipboard
    kind: str = "text"  # text | long | html | url | image
    note: str = ""  # e.g. "57 / 255 characters"
    image_url: str = ""
    messages: list[Message] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"eccp-{self.key.replace('_', '-')}"

    @property
    def has_error(self) -> bool:
        return any(m.is_error for m in self.messages)

    @property
    def has_warning(self) -> bool:
        return any(not m.is_error for m in self.messages)


@dataclass
class Group:
    title: str
    rows: list[Row]


def _when(value: datetime, all_day: bool) -> str:
    if all_day:
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


def _offset(value: datetime) -> str:
    text = value.strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}" if text else ""


def _on_this_site(url: str) -> str:
    """Our own media as a site-relative URL, so the admin shows the image from whichever
    host it runs on (SITE_URL may name the public host)."""
    base = settings.SITE_URL.rstrip("/") + "/"
    return "/" + url[len(base):] if url.startswith(base) else url


def groups(post: EccpPost, messages) -> tuple[list[Group], list[Message]]:
    """The rows in the ECCP form's order, and any messages without a row of their own."""
    grouped = by_field(messages)

    def row(key, value, kind="text", **extra) -> Row:
        return Row(key=key, label=FIELDS[key], value=value, kind=kind,
                   messages=grouped.pop(key, []), **extra)

    cls = post.classification
    result = [Group("Post", [
        row("type", post.type_label),
        row("title", post.title,
            note=f"{len(post.title)} / {TITLE_MAX} characters "
                 f"(up to {TITLE_RECOMMENDED} show in full)"),
        row("teaser", post.teaser, "long",
            note=f"{len(post.teaser)} / {TEASER_MAX} characters · "
                 + ("your own ECCP teaser" if post.teaser_source == "editor"
                    else "from the summary")),
        row("body_html", post.body_html, "html"),
        row("body_text", post.body_text, "long"),
    ])]
    hero = post.hero
    if hero is not None:
        result.append(Group("Hero image", [
            row("hero_image", hero.url, "image", image_url=_on_this_site(hero.url),
                note=f"{hero.width}×{hero.height} · {hero.filename} in the pack"),
            row("hero_alt", hero.alt),
            row("hero_credit", hero.credit),
        ]))
    else:
        result.append(Group("Hero image", [row("hero_image", "", note="none")]))
    result.append(Group("Classification", [
        row("ecosystem", cls.ecosystem),
        row("emerging_industries", ", ".join(cls.emerging_industries)),
        row("countries", ", ".join(cls.countries), note=", ".join(cls.country_names)),
        row("tags", ", ".join(cls.tags)),
    ]))
    result.append(Group("Link back", [
        row("canonical_url", post.canonical_url, "url"),
        row("language", post.language),
    ]))
    event = post.event
    if event is not None:
        if event.online:
            where = row("event_online_url", event.online_url, "url", note="online event")
        else:
            where = row("event_location", event.where)
        rows = [
            row("event_type", event.event_type_label, note=f"ECCP type: {event.event_type}"),
            row("event_start", _when(event.start, event.all_day),
                note=("all day" if event.all_day else _offset(event.start))
                + f" · {event.when}"),
            row("event_end", _when(event.end, event.all_day),
                note="all day" if event.all_day else _offset(event.end)),
            row("event_timezone", event.timezone),
            row("event_audience", ", ".join(event.audience)),
            where,
            row("event_registration_url", event.registration_url, "url"),
            row("event_organiser", event.organiser,
                note=f"contact: {event.contact}" if event.contact else ""),
            row("event_ics", event.ics_url, "url", note="event.ics in the pack"),
        ]
        result.append(Group("Event", rows))
    story = post.story
    if story is not None:
        result.append(Group("Success story", [
            row("story_quote", story.quote, "long"),
            row("story_person", story.person),
            row("story_role", story.role),
            row("story_organisation", story.organisation),
        ]))
    leftover = [m for ms in grouped.values() for m in ms]
    return result, leftover
