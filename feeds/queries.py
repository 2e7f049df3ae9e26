"""The database side of the feeds: which pages go in, as plain Items and Issues.

Only live, public pages (``live().public()``): drafts, unpublished and
privacy-restricted pages never reach a feed.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.db import connection
from wagtail.models import ModelLogEntry, PageLogEntry, Site

from cms.items import Issue, Item, Kind, Partnership
from cms.models import (
    ActivityNewsPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    IssuePage,
    PartnershipSettings,
    SuccessStoryPage,
)
from cms.models.loading import article_pages, items_of, load_issues

from .conf import calendar_past_days, feed_length

PAGE_MODELS = {
    Kind.INTERVIEW: InterviewPage,
    Kind.SUCCESS_STORY: SuccessStoryPage,
    Kind.GATEWAY_NEWS: GatewayNewsPage,
    Kind.ACTIVITY_NEWS: ActivityNewsPage,
    Kind.EVENT: EventPage,
}


def _in_locale(pages, locale):
    """Only the pages in ``locale`` (a Wagtail Locale); all of them when it is None."""
    return pages if locale is None else pages.filter(locale=locale)


def latest_items(kinds, limit: int | None = None, *, locale=None) -> list[Item]:
    """The newest live, public articles of the given kinds, newest first.

    One query per page type, with locale and related pages joined, merged by first
    publication; then every image of every entry at once (cms.models.loading)."""
    limit = limit or feed_length()
    pages = []
    for kind in kinds:
        model = PAGE_MODELS.get(kind)
        if model is None:
            continue
        pages += (_in_locale(article_pages(model).live().public(), locale)
                  .order_by("-first_published_at", "-pk")[:limit])
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return items_of(pages[:limit])


def latest_issues(limit: int | None = None, *, locale=None) -> list[Issue]:
    """The newest live, public newsletter issues, newest first, loaded together."""
    pages = (_in_locale(IssuePage.objects.live().public(), locale).select_related("locale")
             .order_by("-issue_date", "-pk"))
    return load_issues(pages[:limit or feed_length()])


def start_of_today() -> datetime:
    return datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)


def upcoming_events(limit: int = 500, *, locale=None) -> list[Item]:
    """Live, public events that end today or later (UTC), soonest first. The cut-off
    is the start of the day so that a cached calendar stays right all day."""
    pages = _in_locale(article_pages(EventPage).live().public(), locale).upcoming(
        now=start_of_today())
    return items_of(pages.order_by("start_utc", "pk")[:limit])


def calendar_events(limit: int = 1000, *, locale=None) -> list[Item]:
    """The subscribed calendar: live, public events that end today or later, plus those
    that ended in the last ``FEEDS_CALENDAR_PAST_DAYS`` days (so a calendar app keeps
    their history instead of emptying itself), oldest first."""
    since = start_of_today() - timedelta(days=calendar_past_days())
    pages = _in_locale(EventPage.objects.live().public(), locale).upcoming(now=since)
    return [page.as_item() for page in pages.order_by("start_utc", "pk")[:limit]]


def live_event(page_id: int) -> EventPage | None:
    return EventPage.objects.live().public().filter(pk=page_id).first()


def partnership(locale=None) -> Partnership:
    """The partnership's standing parts, in ``locale`` where translated."""
    site = Site.objects.filter(is_default_site=True).first()
    return PartnershipSettings.for_site_in(site, locale).as_partnership()


def change_stamp() -> str:
    """A cheap fingerprint of "something was published, unpublished, moved, deleted,
    restricted or edited", from Wagtail's audit log: one query on two primary keys.

    It lets every process see changes made by another one, even with a per-process
    cache (LocMemCache), as long as the change went through Wagtail's actions."""
    page_log = connection.ops.quote_name(PageLogEntry._meta.db_table)
    model_log = connection.ops.quote_name(ModelLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {page_log}), "  # noqa: S608
                       f"(SELECT MAX(id) FROM {model_log})")
        page_id, model_id = cursor.fetchone()
    return f"{page_id or 0}.{model_id or 0}"
