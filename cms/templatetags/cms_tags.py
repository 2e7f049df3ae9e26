"""Template helpers for the public site: the menu, an item's presented facts,
site-relative links."""

from datetime import datetime

from django import template
from django.conf import settings
from django.utils import timezone, translation

from cms import links, presentation

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


@register.simple_tag
def section_anchor(section, position: int) -> str:
    """The id of an issue's section on its page: the email links to the same id
    (``{% section_anchor section forloop.counter as anchor %}``)."""
    return links.section_anchor(section.key, position)


@register.filter
def site_path(url: str) -> str:
    """An absolute URL on this site (built from SITE_URL) as a path, so that web pages
    work on whatever host serves them; other URLs are left alone."""
    base = settings.SITE_URL.rstrip("/")
    if url and base and (url == base or url.startswith(base + "/")):
        return url[len(base):] or "/"
    return url or ""


@register.filter
def facts(item) -> presentation.Facts:
    """An Item's presented facts (when, where, time zone, who, what was agreed, its
    label), worded as in every other channel: ``{% with facts=item|facts %}``."""
    return presentation.facts(item)


@register.simple_tag
def fact_label(name: str, item) -> str:
    """The label before a fact ("When", "Where", "Time zone"), in the item's language."""
    return presentation.field_label(name, item.language)


@register.filter
def is_upcoming(event) -> bool:
    return event.end >= timezone.now()


def _local_date(value):
    """A date, or an aware datetime as a date in the site's time zone."""
    return timezone.localdate(value) if isinstance(value, datetime) else value


@register.filter
def reader_day(value) -> str:
    """A date shown to readers in the page's language, through Babel: '24 January 2017',
    '24 janvier 2017', '24. Januar 2017'."""
    return presentation.day(_local_date(value), translation.get_language()) if value else ""


@register.filter
def reader_month(value) -> str:
    """A month shown to readers in the page's language: 'January 2017', 'janvier 2017'."""
    return presentation.month(_local_date(value), translation.get_language()) if value else ""
