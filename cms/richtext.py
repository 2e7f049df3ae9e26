"""Rich text for channels: Wagtail's internal links expanded, URLs made absolute, and the
HTML sanitised with nh3 so that no channel can carry scripts, styles or event handlers.

Web pages get the same treatment through ``web_html``: Wagtail renders every rich-text
field and block through the template ``wagtailcore/shared/richtext.html``, which this
project overrides to pass the expanded HTML through it. A ``<script>`` that reached the
database (an import, the API, a migration) is dropped, not run."""

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


#: what Wagtail's rich-text features produce (bold, italic, h1-h6, lists, hr, links and
#: document links, images with their format class, code, super/subscript, strikethrough,
#: blockquote)
WEB_TAGS = ALLOWED_TAGS | {"h1", "h5", "h6", "hr", "code", "sup", "sub", "s"}
WEB_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "class"},
}


def web_html(html: str) -> str:
    """Expanded rich text for a page on this site: Wagtail's features kept, URLs left as
    they are (relative ones work on whatever host serves the page), everything that could
    run or restyle the page dropped."""
    return nh3.clean(
        html or "",
        tags=WEB_TAGS,
        attributes=WEB_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )
