"""The email quality gates, as reusable checks (used on the demo issue and on random
issues)."""

from __future__ import annotations

from html.parser import HTMLParser

from cms.items import Issue
from newsletter.rendering.html import MAX_HTML_BYTES
from newsletter.rendering.scrub import scrub_text
from newsletter.rendering.text import WIDTH, is_url

GMAIL_CLIP_BYTES = 102 * 1024


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.links: list[dict] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "link":
            self.links.append(dict(attrs))


def check_html(html: str) -> None:
    size = len(html.encode("utf-8"))
    assert size <= MAX_HTML_BYTES < GMAIL_CLIP_BYTES, f"HTML is {size} bytes"
    lowered = html.lower()
    assert "<script" not in lowered
    assert "@import" not in lowered
    assert "fonts.googleapis" not in lowered and "fonts.gstatic" not in lowered
    collector = _Collector()
    collector.feed(html)
    assert "script" not in collector.tags
    assert not [link for link in collector.links
                if "stylesheet" in (link.get("rel") or "").lower()], "external stylesheet"
    for image in collector.images:
        assert "alt" in image, f"<img> without alt: {image}"
        assert (image.get("width") or "").isdigit(), f"<img> without width: {image}"
        assert (image.get("height") or "").isdigit(), f"<img> without height: {image}"
        assert image.get("src", "").startswith(("https://", "http://")), f"relative src: {image}"


def squeeze(value: str) -> str:
    return "".join(scrub_text(value).split())


def check_text(text: str, issue: Issue) -> None:
    squeezed = squeeze(text)
    for item in issue.items:
        assert squeeze(item.title) in squeezed, f"title missing from the text: {item.title!r}"
        if item.url:
            assert item.url in text, f"URL missing from the text part: {item.url}"
    for line in text.split("\n"):
        assert len(line) <= WIDTH or (len(line.split()) == 1 and is_url(line)), \
            f"line longer than {WIDTH}: {line!r}"


def check_links_absolute(html: str) -> None:
    collector = _Hrefs()
    collector.feed(html)
    for href in collector.hrefs:
        assert href.startswith(("https://", "http://", "mailto:", "#", "%%CP-")), href


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")
