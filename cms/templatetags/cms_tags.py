"""Template helpers for the public site: the menu, event dates, site-relative links."""

from django import template
from django.conf import settings

from cms.items import Kind

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The home page's live children shown in menus (all of them when none is flagged),
    each as {title, url, active}."""
    from wagtail.models import Site

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    children = site.root_page.localized.get_children().live().public()
    if children.filter(show_in_menus=True).exists():
        children = children.filter(show_in_menus=True)
    current = context.get("page")
    current_path = getattr(current, "path", "")
    return [{"title": child.title, "url": child.get_url(request),
             "active": bool(current_path) and current_path.startswith(child.path)}
            for child in children]


@register.simple_tag
def canonical_url(page) -> str:
    """The page's absolute URL, built from SITE_URL like every channel's links."""
    from cms.links import page_url

    return page_url(page)


@register.filter
def site_path(url: str) -> str:
    """An absolute URL on this site (built from SITE_URL) as a path, so that web pages
    work on whatever host serves them; other URLs are left alone."""
    base = settings.SITE_URL.rstrip("/")
    if url and base and (url == base or url.startswith(base + "/")):
        return url[len(base):] or "/"
    return url or ""


@register.filter
def kind_label(kind: str) -> str:
    return Kind.LABELS.get(kind, kind.replace("_", " ").capitalize())


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


@register.filter
def event_when(event) -> str:
    """EventInfo -> "3–6 April 2017" or "24 January 2017, 09:00–10:00 GMT", in the
    event's own time zone."""
    start, end = event.start, event.end
    if event.all_day:
        if start.date() == end.date():
            return _day(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%B %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%B} – {_day(end)}"
        return f"{_day(start)} – {_day(end)}"
    zone = start.strftime("%Z")
    if start.date() == end.date():
        if start == end:
            return f"{_day(start)}, {start:%H:%M} {zone}"
        return f"{_day(start)}, {start:%H:%M}–{end:%H:%M} {end.strftime('%Z')}"
    return f"{_day(start)}, {start:%H:%M} {zone} – {_day(end)}, {end:%H:%M} {end.strftime('%Z')}"


@register.filter
def is_upcoming(event) -> bool:
    from django.utils import timezone

    return event.end >= timezone.now()
