"""HTTP views for feeds: RSS 2.0, Atom, iCal and the human-readable Feeds page.

Feeds are served from the cache (``feeds.cache``) with a strong ETag and
Last-Modified; Django's ``condition`` decorator answers conditional requests with
304 Not Modified from those two values alone, without rendering anything.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import condition, require_safe

from cms.links import absolute_url

from . import cache, queries
from .catalogue import BY_SLUG, FEEDS, ISSUES, FeedSpec
from .conf import calendar_past_days, max_age
from .ical import calendar_ics, ics_filename
from .ical import event_ics as build_event_ics
from .syndication import ATOM, CONTENT_TYPES, RSS, Channel, issue_entry, item_entry, newest, render

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _channel(spec: FeedSpec, fmt: str) -> Channel:
    partnership = queries.partnership()
    logo = ""
    if partnership.logo is not None:
        renditions = partnership.logo.renditions
        rendition = renditions.get("email") or renditions.get("original")
        logo = rendition.url if rendition else ""
    other = ATOM if fmt == RSS else RSS
    return Channel(
        id=f"clusterpost:feed:{spec.slug}",
        title=f"{partnership.name}: {spec.title}",
        description=spec.description,
        link=absolute_url("/"),
        self_url=absolute_url(spec.url(fmt)),
        alternate_self_url=absolute_url(spec.url(other)),
        language=settings.LANGUAGE_CODE,
        author=partnership.name,
        image_url=logo,
    )


def render_feed(spec: FeedSpec, fmt: str) -> tuple[bytes, object]:
    """Query and render one feed: the expensive path the cache saves."""
    if spec.source == ISSUES:
        entries = [issue_entry(issue) for issue in queries.latest_issues()]
    else:
        entries = [item_entry(item) for item in queries.latest_items(spec.kinds)]
    return render(_channel(spec, fmt), entries, fmt), (newest(entries) if entries else None)


def _spec(slug: str) -> FeedSpec:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404("No such feed.") from None


def _cached_feed(request, slug: str, fmt: str) -> cache.CachedFeed:
    """The feed for this request, looked up once (etag, last_modified and the view
    all ask for it)."""
    memo = getattr(request, "_feeds_rendered", None)
    if memo is None:
        spec = _spec(slug)
        memo = cache.CachedFeed(f"{fmt}:{slug}", lambda: render_feed(spec, fmt),
                                CONTENT_TYPES[fmt])
        request._feeds_rendered = memo
    return memo


def cacheable(view):
    """Cache-Control on every answer, 304s included (RFC 9111 §4.3.4: a 304 carries the
    headers a 200 would have, so caches refresh their copy's lifetime)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["Cache-Control"] = f"public, max-age={max_age()}"
        return response

    return wrapper


def _serve(rendered: cache.CachedFeed, filename: str = "") -> HttpResponse:
    response = HttpResponse(rendered.body, content_type=rendered.content_type)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@cacheable
@require_safe
@condition(etag_func=lambda request, slug, fmt: _cached_feed(request, slug, fmt).etag,
           last_modified_func=lambda request, slug, fmt:
               _cached_feed(request, slug, fmt).last_modified)
def feed(request, slug: str, fmt: str):
    """/feeds/<slug>.rss and /feeds/<slug>.atom"""
    return _serve(_cached_feed(request, slug, fmt))


# --- iCal -----------------------------------------------------------------------------

def render_calendar() -> tuple[bytes, object]:
    items = queries.calendar_events()
    partnership = queries.partnership()
    body = calendar_ics(items, name=f"{partnership.name}: events",
                        description="Upcoming and recent events of the partnership and its clusters.",
                        url=absolute_url(reverse("feeds:calendar")))
    return body, max((item.updated for item in items), default=None)


def _cached_calendar(request) -> cache.CachedFeed:
    memo = getattr(request, "_feeds_rendered", None)
    if memo is None:
        # Keyed by day: events leave the calendar FEEDS_CALENDAR_PAST_DAYS after they end.
        name = f"ics:calendar:{queries.start_of_today():%Y-%m-%d}"
        memo = cache.CachedFeed(name, render_calendar, ICS_CONTENT_TYPE)
        request._feeds_rendered = memo
    return memo


@cacheable
@require_safe
@condition(etag_func=lambda request: _cached_calendar(request).etag,
           last_modified_func=lambda request: _cached_calendar(request).last_modified)
def calendar(request):
    """/feeds/events.ics: upcoming and recent events, for calendar subscriptions."""
    return _serve(_cached_calendar(request), filename="events.ics")


def _event_last_modified(request, page_id: int):
    page = queries.live_event(page_id)
    return page.last_published_at if page else None


@cacheable
@require_safe
@condition(last_modified_func=_event_last_modified)
def event_ics(request, page_id: int):
    """One live, public event as an .ics file (the email's "Add to calendar" link)."""
    page = queries.live_event(page_id)
    if page is None:
        raise Http404("No such event.")
    item = page.as_item()
    response = HttpResponse(build_event_ics(item), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(item)}"'
    return response


# --- the human-readable page ----------------------------------------------------------

def index(request):
    """/feeds/: every feed and calendar with its address, for people."""
    return TemplateResponse(request, "feeds/index.html", {
        "feeds": [
            {"spec": spec, "rss": absolute_url(spec.rss_url), "atom": absolute_url(spec.atom_url)}
            for spec in FEEDS
        ],
        "calendar_url": absolute_url(reverse("feeds:calendar")),
        "calendar_past_days": calendar_past_days(),
    })
