"""ECCP packs: the files an editor needs to post one article by hand, zipped.

One page:   post.json, body.html, body.txt, hero.<ext>, event.ics (events), index.json
One issue:  NN-<slug>/ with the files above for each article, index.json and index.html

post.json is checked against the versioned JSON Schema (feeds/eccp/schema/) before anything
is written; a document that does not match is refused with the schema's own messages.
index.json lists every other file of the zip with its size and SHA-256, and nothing else
is in the zip. Zips are reproducible: the same content gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import mimetypes
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.template.loader import render_to_string

from cms.items import Issue, Item, Kind

from . import schema
from .post import EccpPost, build_post
from .validation import ERROR, WARNING, Message, errors, validate

_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # zip timestamps start in 1980


class PackRefused(Exception):
    """The pack cannot be written. ``problems`` holds one line per reason."""

    def __init__(self, title: str, problems: list[str]):
        self.title = title
        self.problems = problems
        super().__init__(f"{title}: " + "; ".join(problems))


@dataclass(frozen=True)
class Pack:
    """One article's pack: its post, its messages and its files in order."""

    item: Item
    post: EccpPost
    messages: tuple[Message, ...]
    files: tuple[tuple[str, bytes], ...]  # (name, content)

    @property
    def errors(self) -> tuple[Message, ...]:
        return errors(self.messages)

    @property
    def warnings(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if not m.is_error)

    @property
    def zip_name(self) -> str:
        return f"eccp-{self.post.slug}.zip"


def _iso(value: datetime) -> str:
    return value.isoformat()


def post_document(post: EccpPost, messages) -> dict:
    """The post.json content (schema post-v1)."""
    hero = post.hero
    event = post.event
    story = post.story
    cls = post.classification
    return {
        "schema": schema.SCHEMA_ID,
        "id": post.id,
        "source_kind": post.source_kind,
        "type": post.type,
        "type_label": post.type_label,
        "title": post.title,
        "teaser": post.teaser,
        "teaser_source": post.teaser_source,
        "body_html": post.body_html,
        "body_text": post.body_text,
        "body_files": {"html": "body.html", "text": "body.txt"},
        "hero_image": None if hero is None else {
            "file": hero.filename, "url": hero.url, "width": hero.width,
            "height": hero.height, "mime_type": hero.mime_type, "alt": hero.alt,
            "credit": hero.credit,
        },
        "classification": {
            "industrial_ecosystem": cls.ecosystem,
            "emerging_industries": list(cls.emerging_industries),
            "countries": list(cls.countries),
            "tags": list(cls.tags),
        },
        "canonical_url": post.canonical_url,
        "language": post.language,
        "published": _iso(post.published),
        "updated": _iso(post.updated),
        "event": None if event is None else {
            "start": _iso(event.start), "end": _iso(event.end), "timezone": event.timezone,
            "all_day": event.all_day, "event_type": event.event_type,
            "event_type_label": event.event_type_label,
            "target_audience": list(event.audience), "online": event.online,
            "online_url": event.online_url, "venue": event.venue, "city": event.city,
            "country": event.country, "country_name": event.country_name,
            "registration_url": event.registration_url, "organiser": event.organiser,
            "contact": event.contact, "ics_file": "event.ics", "ics_url": event.ics_url,
        },
        "success_story": None if story is None else {
            "quote": story.quote, "person": story.person, "role": story.role,
            "organisation": story.organisation, "company": story.company,
            "outcome": story.outcome,
        },
        "validation": {
            "errors": [m.as_dict() for m in messages if m.level == ERROR],
            "warnings": [m.as_dict() for m in messages if m.level == WARNING],
        },
    }


def _short(line: str, limit: int = 240) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _read_media(path: str) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(path, "rb") as handle:
        return handle.read()


def _event_ics(item: Item) -> bytes:
    from feeds.ical import event_ics

    return event_ics(item)


def build_pack(item: Item, *, force: bool = False,
               read_media: Callable[[str], bytes] = _read_media,
               event_ics: Callable[[Item], bytes] = _event_ics) -> Pack:
    """Build one article's pack. Raises PackRefused when validation errors block it
    (unless ``force``) or when post.json does not match the schema (always)."""
    post = build_post(item)
    messages = validate(post)
    blocking = errors(messages)
    if blocking and not force:
        raise PackRefused(post.title or post.id,
                          [f"{m.field_label}: {m.text}" for m in blocking])
    document = post_document(post, messages)
    problems = schema.schema_errors(document)
    if problems:
        raise PackRefused(post.title or post.id,
                          [_short(f"post.json does not match {schema.CURRENT}: {p}")
                           for p in problems])
    files: list[tuple[str, bytes]] = [
        ("post.json", (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()),
        ("body.html", (post.body_html + "\n").encode()),
        ("body.txt", (post.body_text + "\n").encode()),
    ]
    if post.hero is not None:
        try:
            files.append((post.hero.filename, read_media(post.hero.path)))
        except OSError as exc:
            raise PackRefused(post.title, [f"Hero image: the file {post.hero.path!r} cannot "
                                           f"be read from media storage ({exc})."]) from exc
    if post.event is not None:
        files.append(("event.ics", event_ics(item)))
    return Pack(item=item, post=post, messages=messages, files=tuple(files))


def article_items(issue: Issue) -> tuple[Item, ...]:
    """The issue's articles in reading order, each once (an event may sit in two sections);
    SME tools and member clusters are not ECCP posts."""
    seen: set[str] = set()
    out = []
    for item in issue.items:
        if item.kind in Kind.ARTICLES and item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return tuple(out)


def build_issue_packs(issue: Issue, *, force: bool = False, **loaders) -> tuple[Pack, ...]:
    """Every article's pack; refuses the whole issue, naming each blocked article."""
    packs, problems = [], []
    for item in article_items(issue):
        try:
            packs.append(build_pack(item, force=force, **loaders))
        except PackRefused as refused:
            problems += [f"{refused.title}: {p}" for p in refused.problems]
    if problems:
        raise PackRefused(issue.title, problems)
    if not packs:
        raise PackRefused(issue.title, ["The issue holds no published articles."])
    return tuple(packs)


# ---- zips ---------------------------------------------------------------------------------

def _entry(path: str, data: bytes) -> dict:
    return {
        "path": path,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "media_type": mimetypes.guess_type(path)[0] or "application/octet-stream",
    }


def _zip(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    stamp = max(when, _EPOCH).astimezone(UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.external_attr = 0o644 << 16
            compress = not path.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


def _json(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _checked_index(index: dict, title: str) -> bytes:
    problems = schema.schema_errors(index, schema.INDEX)
    if problems:
        raise PackRefused(title, [_short(f"index.json does not match {schema.INDEX}: {p}")
                                  for p in problems])
    return _json(index)


def _pack_summary(pack: Pack, folder: str = "") -> dict:
    prefix = f"{folder}/" if folder else ""
    return {
        "folder": folder,
        "id": pack.post.id,
        "type": pack.post.type,
        "title": pack.post.title,
        "canonical_url": pack.post.canonical_url,
        "errors": len(pack.errors),
        "warnings": len(pack.warnings),
        "files": [_entry(prefix + name, data) for name, data in pack.files],
    }


def page_zip(pack: Pack) -> bytes:
    """One article: its files plus index.json."""
    index = {"schema": schema.INDEX_SCHEMA_ID, "kind": "page", "post_schema": schema.SCHEMA_ID,
             **_pack_summary(pack)}
    index.pop("folder")
    return _zip([*pack.files, ("index.json", _checked_index(index, pack.post.title))],
                pack.post.updated)


def folder_names(packs) -> list[str]:
    width = max(2, len(str(len(packs))))
    return [f"{n:0{width}d}-{pack.post.slug}" for n, pack in enumerate(packs, start=1)]


def issue_zip(issue: Issue, packs: tuple[Pack, ...]) -> bytes:
    """One folder per article, index.html (a checklist to work through) and index.json."""
    folders = folder_names(packs)
    items = [_pack_summary(pack, folder) for pack, folder in zip(packs, folders, strict=True)]
    html = render_to_string("eccp/pack_index.html", {
        "issue": issue, "rows": list(zip(packs, folders, strict=True)),
    }).encode()
    index = {
        "schema": schema.INDEX_SCHEMA_ID,
        "kind": "issue",
        "post_schema": schema.SCHEMA_ID,
        "issue": {"id": issue.id, "title": issue.title, "slug": issue.slug,
                  "date": issue.date.isoformat(), "url": issue.url},
        "items": items,
        "files": [_entry("index.html", html)],
    }
    entries: list[tuple[str, bytes]] = []
    for pack, folder in zip(packs, folders, strict=True):
        entries += [(f"{folder}/{name}", data) for name, data in pack.files]
    entries += [("index.html", html), ("index.json", _checked_index(index, issue.title))]
    newest = max(pack.post.updated for pack in packs)
    return _zip(entries, newest)


def issue_zip_name(issue: Issue) -> str:
    return f"eccp-{issue.slug}.zip"
