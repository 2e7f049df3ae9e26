"""Issue -> email HTML: Django templates write MJML, mjml-python turns it into HTML."""

from __future__ import annotations

import re

from mjml import mjml2html

from cms.items import Issue

from .context import issue_context
from .templates import get_template

TEMPLATE = "newsletter/email/issue.mjml"

# Gmail clips messages whose HTML is larger than 102 KB. Keep room for the personal
# values (greeting, unsubscribe and preference URLs) substituted later.
MAX_HTML_BYTES = 100_000

# From most to least detail; the renderer picks the first that fits MAX_HTML_BYTES
# ("full", every article's whole body, is available to callers but is not the default:
# the web version holds the full articles).
DETAIL_LEVELS = ("standard", "teaser", "compact")


class IssueTooLargeError(ValueError):
    """Even titles and links alone exceed what Gmail shows without clipping."""


def mjml_to_html(source: str) -> str:
    # fonts={}: no Google Fonts <link>/@import (mjml-python adds them by default).
    return mjml2html(source, fonts={}, disable_comments=False)


def render_mjml(issue: Issue, *, detail: str, placeholders) -> str:
    return get_template(TEMPLATE).render(issue_context(issue, detail=detail,
                                                       placeholders=placeholders))


_IMG_RE = re.compile(r"<img\b[^>]*>")
_ATTR_RE = re.compile(r'\s(src|width|height)="([^"]*)"')


def add_image_heights(html: str, aspect: dict[str, tuple[int, int]]) -> str:
    """mj-image writes height="auto" (a fixed CSS height would distort the image on
    phones). Put the real height in the attribute, for Outlook and for layout before
    images load; the inline style keeps height:auto."""

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(_ATTR_RE.findall(tag))
        ratio = aspect.get(attrs.get("src", "").replace("&amp;", "&"))
        width = attrs.get("width", "")
        if ratio is None or not width.isdigit() or attrs.get("height") != "auto":
            return tag
        height = max(1, round(int(width) * ratio[1] / ratio[0]))
        return tag.replace(' height="auto"', f' height="{height}"', 1)

    return _IMG_RE.sub(fix, html)


def image_aspects(context: dict) -> dict[str, tuple[int, int]]:
    aspects = {}
    views = [context["logo"]]
    views += [member.image for member in context["members"]]
    for section in context["sections"]:
        for item in section.items:
            views.append(item.image)
            views += [block.image for block in item.body]
    for view in views:
        if view is not None:
            aspects[view.src] = (view.width, view.height)
    return aspects


def render_html(issue: Issue, placeholders, levels=DETAIL_LEVELS) -> tuple[str, str]:
    """(html, detail level used). MJML runs once per detail level tried: once for any
    issue of ordinary size."""
    for detail in levels:
        context = issue_context(issue, detail=detail, placeholders=placeholders)
        source = get_template(TEMPLATE).render(context)
        html = add_image_heights(mjml_to_html(source), image_aspects(context))
        html = placeholders.to_tokens(html)
        if len(html.encode("utf-8")) <= MAX_HTML_BYTES:
            return html, detail
    raise IssueTooLargeError(
        f"The issue {issue.title!r} is too large for an email even with titles and links "
        f"only ({len(html.encode('utf-8')) // 1000} KB of HTML; Gmail clips above 102 KB). "
        f"Split it into two issues.")
