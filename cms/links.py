"""Absolute URLs: every link that leaves the site is built from settings.SITE_URL."""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """Make a site-relative path absolute; leave absolute URLs, mailto: and tel: alone."""
    if not path_or_url:
        return ""
    if "://" in path_or_url or path_or_url.startswith(("mailto:", "tel:", "#")):
        return path_or_url
    return urljoin(settings.SITE_URL + "/", path_or_url.lstrip("/") if path_or_url.startswith("/") else path_or_url)


def page_url(page) -> str:
    """The absolute public URL of a Wagtail page, built from SITE_URL (not the Site record)."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return absolute_url(parts[2])
