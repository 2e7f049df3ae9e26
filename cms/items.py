"""Channel-neutral content: the plain data every channel renders.

Pages turn themselves into an ``Item`` (``page.as_item()``) and an issue into an
``Issue`` (``issue_page.as_issue()``). Email, feeds and ECCP packs are pure
functions of these objects: no Django models, querysets or lazy strings inside,
only strings, numbers, tz-aware datetimes and tuples. All URLs are absolute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_noop


class Kind:
    INTERVIEW = "interview"
    SUCCESS_STORY = "success_story"
    GATEWAY_NEWS = "gateway_news"
    ACTIVITY_NEWS = "activity_news"
    EVENT = "event"
    SME_TOOL = "sme_tool"
    MEMBER_CLUSTER = "member_cluster"

    ARTICLES = (INTERVIEW, SUCCESS_STORY, GATEWAY_NEWS, ACTIVITY_NEWS, EVENT)
    # English, marked for the catalogues; cms.presentation.kind_label translates them.
    LABELS = {
        INTERVIEW: gettext_noop("Interview"),
        SUCCESS_STORY: gettext_noop("SME success story"),
        GATEWAY_NEWS: gettext_noop("Gateway news"),
        ACTIVITY_NEWS: gettext_noop("Activity news"),
        EVENT: gettext_noop("Event"),
        SME_TOOL: gettext_noop("SME tool"),
        MEMBER_CLUSTER: gettext_noop("Member cluster"),
    }


@dataclass(frozen=True)
class Rendition:
    """One resized image file. ``url`` is absolute; ``path`` is the storage name."""

    url: str
    width: int
    height: int
    mime_type: str
    length: int  # bytes
    path: str


@dataclass(frozen=True)
class Image:
    """An image with its renditions keyed by purpose (see cms.images.RENDITIONS):
    ``email`` (1200 wide, shown at 600), ``card`` (800x450 crop), ``eccp`` (1600x600
    crop around the focal point) and ``original``."""

    alt: str
    credit: str
    caption: str
    renditions: dict[str, Rendition] = field(default_factory=dict)

    def rendition(self, purpose: str) -> Rendition:
        return self.renditions[purpose]


@dataclass(frozen=True)
class Block:
    """One typed piece of an item's body.

    type is one of:
      ``richtext``  html holds sanitised, absolute-URL HTML;
      ``heading``   text holds the heading;
      ``qa``        number, text (the question) and html (the answer);
      ``quote``     text, attribution;
      ``image``     image, with text as the caption;
    """

    type: str
    html: str = ""
    text: str = ""
    number: int | None = None
    attribution: str = ""
    image: Image | None = None


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    person: Person


@dataclass(frozen=True)
class Agreement:
    kind: str  # e.g. "MoU", "Cooperation agreement"
    organisations: tuple[str, ...]
    signed_on: date | None
    duration: str


@dataclass(frozen=True)
class EventInfo:
    start: datetime  # tz-aware, in the event's own time zone
    end: datetime  # tz-aware
    timezone: str  # IANA name, e.g. "Europe/Berlin"
    kind: str  # matchmaking | trade_mission | webinar | conference | workshop | fair
    kind_label: str
    venue: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    country_name: str
    online_url: str
    registration_url: str
    organiser: str
    contact: str
    ics_url: str  # absolute URL of the event's .ics file
    all_day: bool = False
    # who it is for, e.g. ("SMEs", "Cluster organisations"); the ECCP export suggests one
    # from the kind when empty (feeds.eccp.post.AUDIENCES lists the ECCP's choices)
    audience: tuple[str, ...] = ()

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue


@dataclass(frozen=True)
class Item:
    kind: str  # one of Kind
    id: str  # stable, e.g. "clusterpost:page:42"; used as feed guid and ECCP id
    title: str
    summary: str  # plain-text teaser
    body: tuple[Block, ...]
    url: str  # absolute canonical URL
    published: datetime  # tz-aware
    updated: datetime  # tz-aware
    language: str = "en"
    author: str = ""
    image: Image | None = None
    ecosystem: str = "Health"
    emerging_industries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes
    tags: tuple[str, ...] = ()
    # kind-specific parts; None where they do not apply
    event: EventInfo | None = None
    person: Person | None = None  # the interviewee
    quote: Quote | None = None
    outcome: str = ""  # success stories: the result in one line
    company: str = ""
    location: str = ""  # "City, Country" where the item happened
    agreement: Agreement | None = None
    related_url: str = ""  # e.g. the mission or event a story came from
    eccp_teaser: str = ""  # the editor's own ECCP teaser, if any


@dataclass(frozen=True)
class Section:
    key: str  # interview | sme_tools | activities | success_stories | gateways | upcoming | about
    title: str
    items: tuple[Item, ...]
    intro_html: str = ""


@dataclass(frozen=True)
class Partnership:
    name: str
    tagline: str
    logo: Image | None
    about_html: str
    disclaimer: str
    postal_address: str
    sender_name: str
    sender_email: str
    site_url: str
    social_links: tuple[tuple[str, str], ...] = ()  # (label, url)
    members: tuple[Item, ...] = ()  # member clusters


@dataclass(frozen=True)
class Issue:
    id: int
    title: str  # "Newsletter January 2017"
    slug: str
    date: date
    subject: str
    preheader: str
    intro_html: str
    url: str  # the web version
    sections: tuple[Section, ...]
    partnership: Partnership
    language: str = "en"  # the issue's; an item in another language fell back to it
    published: datetime | None = None
    updated: datetime | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True)
class Welcome:
    """The welcome email a new subscriber gets once they confirm (cms.welcome): the
    partnership settings' welcome text in one language, and a link to the latest issue."""

    subject: str
    body_html: str  # sanitised rich text with absolute links
    partnership: Partnership
    language: str = "en"
    latest_issue_title: str = ""  # empty when no issue is published yet
    latest_issue_url: str = ""
