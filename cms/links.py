"""Absolute URLs: every link that leaves the site is built from settings.SITE_URL."""

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urljoin

from django.conf import settings
from wagtail.models import Site


def absolute_url(path_or_url: str) -> str:
    """Make a site-relative path absolute; leave absolute URLs, mailto: and tel: alone."""
    if not path_or_url:
        return ""
    if "://" in path_or_url or path_or_url.startswith(("mailto:", "tel:", "#")):
        return path_or_url
    return _joined(settings.SITE_URL, path_or_url)


@lru_cache(maxsize=4096)
def _joined(site_url: str, path: str) -> str:
    """urljoin is the costliest step of building an issue's Items (a hundred URLs per
    issue, most of them the same rendition and page paths each time): a pure function of
    its two strings, so it is kept. SITE_URL is part of the key, so changing it is safe."""
    return urljoin(site_url + "/", path.lstrip("/") if path.startswith("/") else path)


def page_url(page) -> str:
    """The absolute public URL of a Wagtail page, built from SITE_URL (not the Site record)."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return absolute_url(parts[2])


def section_anchor(key: str, position: int) -> str:
    """The fragment naming one section of an issue, the same on the web version and in
    the email (``position`` counts every section of the issue from 1), so that the
    email's table of contents can link to the section in the message and on the web."""
    return f"section-{key}-{position}"


def section_url(issue_url: str, anchor: str) -> str:
    """The web version's URL of one section (empty when the issue has no public URL)."""
    return f"{issue_url}#{anchor}" if issue_url else ""


def share_site_root_paths(pages: Iterable) -> None:
    """Give every page of one load the same copy of ``Site.get_site_root_paths()``.
    Wagtail's ``get_url_parts`` otherwise reads it from the cache once per page (an
    unpickling each, the costliest step of building URLs). Wagtail keeps the copy on
    the page as ``_wagtail_cached_site_root_paths`` (Wagtail 7.4, pinned in
    pyproject.toml; tests/cms/test_loading.py checks that Wagtail reads it there)."""
    paths = Site.get_site_root_paths()
    for page in pages:
        page._wagtail_cached_site_root_paths = paths
