"""Rich text for channels: Wagtail's internal links expanded, URLs made absolute, and the
HTML sanitised with nh3 so that no channel can carry scripts, styles or event handlers."""

import nh3
from wagtail.rich_text import RichText, expand_db_html

from .links import absolute_url

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i",
    "blockquote", "img", "figure", "figcaption", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}


def _absolutize(tag: str, attribute: str, value: str) -> str | None:
    if (tag, attribute) in {("a", "href"), ("img", "src")}:
        if value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            return None
        return absolute_url(value)
    return value


def sanitise_html(html: str, tags: set[str] | None = None) -> str:
    """Clean arbitrary HTML: only the allowed tags and attributes, absolute URLs,
    rel="noopener" on links."""
    allowed_tags = tags if tags is not None else ALLOWED_TAGS
    return nh3.clean(
        html or "",
        tags=allowed_tags,
        attributes={tag: attrs for tag, attrs in ALLOWED_ATTRIBUTES.items() if tag in allowed_tags},
        attribute_filter=_absolutize,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )


def richtext_html(value) -> str:
    """A RichTextField string or RichTextBlock value -> sanitised absolute HTML."""
    if value is None:
        return ""
    source = value.source if isinstance(value, RichText) else str(value)
    return sanitise_html(expand_db_html(source))
