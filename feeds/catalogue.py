"""Every feed the site publishes: its slug, title, what it holds and its URLs.

The views, the Feeds page and the autodiscovery links all read this list, so a feed
added here appears everywhere at once. No database access in this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.items import Kind

from .syndication import ATOM, RSS

ITEMS = "items"  # entries are articles (Items)
ISSUES = "issues"  # entries are newsletter issues


@dataclass(frozen=True)
class FeedSpec:
    slug: str
    title_message: str  # appended to the partnership's name; lazily translated
    description_message: str
    kinds: tuple[str, ...] = ()
    source: str = ITEMS
    discover: bool = False  # listed in every page's <head>

    @property
    def title(self) -> str:
        """In the active language."""
        return str(self.title_message)

    @property
    def description(self) -> str:
        return str(self.description_message)

    def url(self, fmt: str) -> str:
        return reverse("feeds:feed", kwargs={"slug": self.slug, "fmt": fmt})

    @property
    def rss_url(self) -> str:
        return self.url(RSS)

    @property
    def atom_url(self) -> str:
        return self.url(ATOM)


FEEDS: tuple[FeedSpec, ...] = (
    FeedSpec("all", _("All articles"),
             _("Interviews, SME success stories, gateway and activity news, and events."),
             kinds=Kind.ARTICLES, discover=True),
    FeedSpec("interviews", _("Interviews"), _("Interviews with cluster and policy people."),
             kinds=(Kind.INTERVIEW,)),
    FeedSpec("success-stories", _("SME success stories"),
             _("How SMEs of our clusters found partners and markets abroad."),
             kinds=(Kind.SUCCESS_STORY,)),
    FeedSpec("gateway-news", _("Gateway news"),
             _("Agreements and activities with our gateway partners worldwide."),
             kinds=(Kind.GATEWAY_NEWS,)),
    FeedSpec("activity-news", _("Activity news"), _("Missions, matchmaking and platform news."),
             kinds=(Kind.ACTIVITY_NEWS,)),
    FeedSpec("events", _("Events"), _("Events as they are announced (newest first). For your "
             "calendar, subscribe to the iCal feed of upcoming events instead."),
             kinds=(Kind.EVENT,)),
    FeedSpec("issues", _("Newsletter issues"), _("Every issue of the newsletter, with its contents."),
             source=ISSUES, discover=True),
)
BY_SLUG = {spec.slug: spec for spec in FEEDS}
SLUGS = tuple(BY_SLUG)
