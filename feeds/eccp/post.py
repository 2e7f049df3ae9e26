"""Item -> EccpPost: one article as the fields of the ECCP's "share news / event / success
story" forms. A pure function of the plain ``cms.items.Item``: no database, no requests."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import slugify

from cms import presentation
from cms.items import Item, Kind
from cms.lists import EVENT_AUDIENCES, country_name
from cms.plaintext import html_to_text

from ..content import block_html, facts_html
from .sanitise import eccp_html

TITLE_MAX = 255  # the ECCP refuses longer titles
TITLE_RECOMMENDED = 100  # longer titles are cut in the ECCP's listings
TEASER_MAX = 300
ELLIPSIS = "…"
HERO_PURPOSE = "eccp"  # cms.images.RENDITIONS: fill-1600x600 around the focal point
HERO_SIZE = (1600, 600)

POST_TYPES = {
    "news": "News",
    "event": "Event",
    "success_story": "Success story",
    "partnership_update": "Partnership update",
}
TYPE_BY_KIND = {
    Kind.INTERVIEW: "news",
    Kind.ACTIVITY_NEWS: "news",
    Kind.EVENT: "event",
    Kind.SUCCESS_STORY: "success_story",
    Kind.GATEWAY_NEWS: "partnership_update",  # new agreements with international gateways
}

# Target audiences offered by the ECCP's event form.
AUDIENCES = tuple(EVENT_AUDIENCES)
# Used when the event does not name its own audience.
DEFAULT_AUDIENCE = {
    "matchmaking": ("SMEs", "Cluster organisations", "Large companies",
                    "Research and technology organisations"),
    "trade_mission": ("SMEs", "Cluster organisations"),
    "webinar": ("SMEs", "Cluster organisations"),
    "conference": ("SMEs", "Cluster organisations", "Research and technology organisations",
                   "Investors", "Public authorities"),
    "workshop": ("SMEs", "Cluster organisations"),
    "fair": ("SMEs", "Large companies", "Cluster organisations", "Investors"),
}


@dataclass(frozen=True)
class HeroImage:
    url: str  # absolute URL of the 1600x600 rendition
    path: str  # its storage name under MEDIA_ROOT
    filename: str  # its name inside the pack, e.g. "hero.jpg"
    width: int
    height: int
    mime_type: str
    alt: str
    credit: str


@dataclass(frozen=True)
class Classification:
    ecosystem: str
    emerging_industries: tuple[str, ...]
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2
    tags: tuple[str, ...]

    @property
    def country_names(self) -> tuple[str, ...]:
        return tuple(country_name(code) for code in self.countries)


@dataclass(frozen=True)
class EccpEvent:
    start: datetime  # tz-aware, in the event's own time zone
    end: datetime
    timezone: str  # IANA name
    all_day: bool
    event_type: str  # the fixed machine value (schema enum), the same in every language
    event_type_label: str  # in the post's language (cms.presentation.event_kind)
    audience: tuple[str, ...]
    audience_defaulted: bool  # True when taken from DEFAULT_AUDIENCE
    online: bool
    online_url: str
    venue: str
    city: str
    country: str
    country_name: str
    registration_url: str
    organiser: str
    contact: str
    ics_url: str
    when: str = ""  # cms.presentation's wording, shown beside the form's values
    where: str = ""


@dataclass(frozen=True)
class EccpStory:
    quote: str
    person: str
    role: str
    organisation: str
    company: str
    outcome: str


@dataclass(frozen=True)
class EccpPost:
    id: str
    source_kind: str
    type: str  # a key of POST_TYPES
    title: str
    teaser: str
    teaser_source: str  # "editor" (item.eccp_teaser) or "summary"
    teaser_was_cut: bool
    body_html: str
    body_text: str
    hero: HeroImage | None
    classification: Classification
    canonical_url: str
    language: str  # ISO 639-1, e.g. "en"
    published: datetime
    updated: datetime
    slug: str  # for file and folder names
    event: EccpEvent | None = None
    story: EccpStory | None = None
    dropped_images: int = 0  # inline images left out of the body
    summary_length: int = 0  # length of the summary the teaser came from

    @property
    def type_label(self) -> str:
        return POST_TYPES[self.type]


def cut_at_word(text: str, limit: int = TEASER_MAX, ellipsis: str = ELLIPSIS) -> str:
    """Collapse whitespace; if longer than ``limit``, cut at the last word boundary that
    leaves room for the ellipsis. The result is never longer than ``limit``."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    head = text[:room]
    if text[room] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]  # drop the word that does not fit whole
    head = head.rstrip(" ,;:.!?-–—")
    return head + ellipsis


def _body(item: Item) -> tuple[str, int]:
    """The ECCP body: the item's presented facts, then its blocks as the feeds write
    them, without images (the ECCP carries one hero image and no inline images)."""
    parts: list[str] = [facts_html(item)]
    dropped = 0
    for block in item.body:
        if block.type == "image":
            dropped += 1
        else:
            parts.append(block_html(block))
    return eccp_html("".join(parts)), dropped


def _hero(item: Item) -> HeroImage | None:
    if item.image is None or HERO_PURPOSE not in item.image.renditions:
        return None
    rendition = item.image.rendition(HERO_PURPOSE)
    extension = posixpath.splitext(rendition.path)[1].lower() or ".jpg"
    return HeroImage(
        url=rendition.url,
        path=rendition.path,
        filename=f"hero{extension}",
        width=rendition.width,
        height=rendition.height,
        mime_type=rendition.mime_type,
        alt=" ".join(item.image.alt.split()),
        credit=" ".join(item.image.credit.split()),
    )


def _event(item: Item) -> EccpEvent | None:
    info = item.event
    if info is None:
        return None
    own = tuple(info.audience)
    return EccpEvent(
        start=info.start,
        end=info.end,
        timezone=info.timezone,
        all_day=info.all_day,
        event_type=info.kind,
        event_type_label=presentation.event_kind(info, item.language),
        audience=own or DEFAULT_AUDIENCE.get(info.kind, ("SMEs", "Cluster organisations")),
        audience_defaulted=not own,
        online=info.is_online,
        online_url=info.online_url,
        venue=info.venue,
        city=info.city,
        country=info.country,
        country_name=info.country_name or country_name(info.country),
        registration_url=info.registration_url,
        organiser=info.organiser,
        contact=info.contact,
        ics_url=info.ics_url,
        when=presentation.event_when(info, item.language),
        where=presentation.event_where(info, item.language),
    )


def _story(item: Item) -> EccpStory:
    quote = item.quote
    return EccpStory(
        quote=quote.text if quote else "",
        person=quote.person.name if quote else "",
        role=quote.person.role if quote else "",
        organisation=(quote.person.organisation if quote else "") or item.company,
        company=item.company,
        outcome=item.outcome,
    )


def _language(code: str) -> str:
    return (code or "en").replace("_", "-").split("-")[0].lower()


def build_post(item: Item) -> EccpPost:
    """The ECCP post for one article Item. Nothing is refused here: problems are reported
    by ``feeds.eccp.validation.validate``."""
    post_type = TYPE_BY_KIND.get(item.kind, "news")
    summary = " ".join((item.summary or "").split())
    own_teaser = " ".join((item.eccp_teaser or "").split())
    if own_teaser:
        teaser, source, cut = own_teaser, "editor", False
    else:
        teaser = cut_at_word(summary)
        source, cut = "summary", teaser != summary
    body_html, dropped = _body(item)
    slug = (item.url.rstrip("/").rsplit("/", 1)[-1] if item.url else "") or slugify(item.title)
    return EccpPost(
        id=item.id,
        source_kind=item.kind,
        type=post_type,
        title=" ".join(item.title.split()),
        teaser=teaser,
        teaser_source=source,
        teaser_was_cut=cut,
        body_html=body_html,
        body_text=html_to_text(body_html),
        hero=_hero(item),
        classification=Classification(
            ecosystem=item.ecosystem or "Health",
            emerging_industries=tuple(item.emerging_industries),
            countries=tuple(code.upper() for code in item.countries),
            tags=tuple(item.tags),
        ),
        canonical_url=item.url,
        language=_language(item.language),
        published=item.published,
        updated=item.updated,
        slug=slugify(slug)[:80] or "post",
        event=_event(item) if post_type == "event" else None,
        story=_story(item) if post_type == "success_story" else None,
        dropped_images=dropped,
        summary_length=len(summary),
    )
