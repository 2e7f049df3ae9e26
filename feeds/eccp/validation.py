"""What the ECCP moderators would refuse (errors) or what makes a weaker post (warnings),
as one clear message per problem, attached to the field it is about."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cms.lists import COUNTRY_NAMES, EMERGING_INDUSTRIES, INDUSTRIAL_ECOSYSTEMS

from .post import HERO_SIZE, TEASER_MAX, TITLE_MAX, TITLE_RECOMMENDED, EccpPost

ERROR = "error"
WARNING = "warning"

# The fields of a post, in the order the ECCP form asks for them; messages use these keys.
FIELDS = {
    "type": "Type",
    "title": "Title",
    "teaser": "Teaser",
    "body_html": "Body (HTML)",
    "body_text": "Body (plain text)",
    "hero_image": "Hero image",
    "hero_alt": "Image alt text",
    "hero_credit": "Image credit",
    "ecosystem": "Industrial ecosystem",
    "emerging_industries": "Emerging industries",
    "countries": "Countries",
    "tags": "Tags",
    "canonical_url": "Canonical URL",
    "language": "Language",
    "event_start": "Start",
    "event_end": "End",
    "event_timezone": "Time zone",
    "event_type": "Event type",
    "event_audience": "Target audience",
    "event_location": "Venue, city and country",
    "event_online_url": "Online at",
    "event_registration_url": "Registration URL",
    "event_organiser": "Organiser",
    "event_ics": "Calendar file (.ics)",
    "story_quote": "Quote",
    "story_person": "Person",
    "story_role": "Role",
    "story_organisation": "Organisation",
}


@dataclass(frozen=True)
class Message:
    field: str  # a key of FIELDS
    level: str  # ERROR or WARNING
    text: str

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def field_label(self) -> str:
        return FIELDS.get(self.field, self.field)

    def as_dict(self) -> dict:
        return {"field": self.field, "level": self.level, "message": self.text}


def _is_absolute_http(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def validate(post: EccpPost) -> tuple[Message, ...]:
    out: list[Message] = []

    def error(field: str, text: str) -> None:
        out.append(Message(field, ERROR, text))

    def warning(field: str, text: str) -> None:
        out.append(Message(field, WARNING, text))

    # title
    if not post.title:
        error("title", "The title is empty.")
    elif len(post.title) > TITLE_MAX:
        error("title", f"The title has {len(post.title)} characters; the ECCP accepts "
                       f"{TITLE_MAX} at most. Shorten it by {len(post.title) - TITLE_MAX}.")
    elif len(post.title) > TITLE_RECOMMENDED:
        warning("title", f"The title has {len(post.title)} characters; above "
                         f"{TITLE_RECOMMENDED} it is cut in the ECCP's listings.")

    # teaser
    if not post.teaser:
        error("teaser", "The teaser is empty: write a summary or an ECCP teaser.")
    elif len(post.teaser) > TEASER_MAX:
        error("teaser", f"Your ECCP teaser has {len(post.teaser)} characters; the ECCP "
                        f"accepts {TEASER_MAX} at most.")
    elif post.teaser_was_cut:
        warning("teaser", f"The summary has {post.summary_length} characters, so it was cut "
                          f"at a word boundary to {TEASER_MAX}. Write an ECCP teaser "
                          f"(Promote tab) to choose the words yourself.")

    # body
    if not post.body_text:
        error("body_html", "The body is empty.")
    if post.dropped_images:
        n = post.dropped_images
        warning("body_html", f"{n} inline image{'s' if n > 1 else ''} left out: ECCP posts "
                             f"carry only the hero image.")

    # hero image
    if post.hero is None:
        warning("hero_image", "No hero image: posts without an image get little attention "
                              "on the ECCP. Choose an image for the page.")
    else:
        if (post.hero.width, post.hero.height) != HERO_SIZE:
            warning("hero_image", f"The image is {post.hero.width}×{post.hero.height}, smaller "
                                  f"than {HERO_SIZE[0]}×{HERO_SIZE[1]}: upload a larger "
                                  f"original.")
        if not post.hero.alt:
            error("hero_alt", "The image has no alt text. Describe it in the image's "
                              "description.")
        if not post.hero.credit:
            error("hero_credit", "The image has no credit. Add the photographer or source to "
                                 "the image; the ECCP publishes only credited images.")

    # classification
    cls = post.classification
    if cls.ecosystem not in INDUSTRIAL_ECOSYSTEMS:
        error("ecosystem", f"{cls.ecosystem!r} is not one of the EU's 14 industrial "
                           f"ecosystems.")
    unknown = [name for name in cls.emerging_industries if name not in EMERGING_INDUSTRIES]
    if unknown:
        error("emerging_industries", f"Not ECCP emerging industries: {', '.join(unknown)}.")
    elif not cls.emerging_industries:
        warning("emerging_industries", "No emerging industry: the post will not show up "
                                       "when members filter by industry.")
    bad = [code for code in cls.countries if code not in COUNTRY_NAMES]
    if bad:
        error("countries", f"Not ISO 3166 country codes: {', '.join(bad)}.")
    elif not cls.countries:
        warning("countries", "No country: add the countries the post is about.")

    # link back
    if not post.canonical_url:
        error("canonical_url", "The page has no public URL yet: publish it first.")
    elif not _is_absolute_http(post.canonical_url):
        error("canonical_url", f"{post.canonical_url!r} is not an absolute http(s) URL.")

    if post.event is not None:
        _validate_event(post, error, warning)
    if post.story is not None and not post.story.quote:
        warning("story_quote", "No quote: success stories with a quote from the company "
                               "read better.")
    elif post.story is not None and not post.story.role:
        warning("story_role", "The quoted person has no role.")
    return tuple(out)


def _validate_event(post, error, warning) -> None:
    event = post.event
    tz_ok = bool(event.timezone)
    if tz_ok:
        try:
            ZoneInfo(event.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            tz_ok = False
    if not tz_ok or event.start.tzinfo is None or event.end.tzinfo is None:
        error("event_timezone", "The event has no valid time zone: set the time zone of "
                                "the place where it happens.")
    elif event.end < event.start:
        error("event_end", "The event ends before it starts.")
    if not event.registration_url:
        error("event_registration_url", "The event has no registration link: the ECCP "
                                        "needs one for events.")
    elif not _is_absolute_http(event.registration_url):
        error("event_registration_url", "The registration link is not an absolute http(s) "
                                        "URL.")
    if event.online:
        if not _is_absolute_http(event.online_url):
            error("event_online_url", "The online link is not an absolute http(s) URL.")
    elif not (event.city and event.country):
        error("event_location", "Give the city and country of the event, or an online "
                                "link if it happens online.")
    elif not event.venue:
        warning("event_location", "No venue: add the building or address.")
    if not event.organiser:
        warning("event_organiser", "No organiser: the ECCP shows who runs the event.")
    if event.audience_defaulted:
        warning("event_audience", f"Suggested from the event type "
                                  f"({event.event_type_label}): check it when you paste.")


def errors(messages) -> tuple[Message, ...]:
    return tuple(m for m in messages if m.is_error)


def by_field(messages) -> dict[str, list[Message]]:
    out: dict[str, list[Message]] = {}
    for message in messages:
        out.setdefault(message.field, []).append(message)
    return out
