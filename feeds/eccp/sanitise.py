"""The ECCP body sanitiser: the small HTML subset the platform's editor keeps.

Only p, h2, h3, ul, ol, li, a, strong, em and blockquote survive. Links keep an absolute
http(s)/mailto href and nothing else; images, scripts, styles, event handlers, classes and
every other attribute are removed. ``b``/``i`` become ``strong``/``em`` and ``h4`` becomes
``h3`` so that formatting is kept rather than flattened.
"""

import re

import nh3

from cms.links import absolute_url

ECCP_TAGS = frozenset({"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "blockquote"})
# Elements removed together with their content: nothing in them is body text.
_DROPPED_WITH_CONTENT = {"script", "style", "figure", "iframe", "object", "embed", "template",
                         "svg", "math", "noscript", "video", "audio", "canvas", "select"}
# Tags kept by the first pass only so that the second can rename them.
_RENAMED = {"b": "strong", "i": "em", "h4": "h3", "h5": "h3", "h6": "h3"}
_RENAME_RE = re.compile(r"<(/?)(b|i|h4|h5|h6)>")
_SCHEMES = {"http", "https", "mailto"}
_BARE_ANCHOR_RE = re.compile(r"<a>(.*?)</a>", re.DOTALL)


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        value = value.strip()
        if not value or value.startswith("#"):
            return None  # an in-page anchor means nothing once pasted elsewhere
        if value.lower().startswith(("javascript:", "data:", "vbscript:", "file:")):
            return None
        return absolute_url(value)
    return None


def _clean(html: str, tags) -> str:
    return nh3.clean(
        html or "",
        tags=set(tags),
        clean_content_tags=_DROPPED_WITH_CONTENT - set(tags),
        attributes={"a": {"href"}},
        attribute_filter=_href_filter,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def eccp_html(html: str) -> str:
    """Any HTML -> the ECCP subset, with absolute link URLs."""
    first = _clean(html, ECCP_TAGS | set(_RENAMED))
    renamed = _RENAME_RE.sub(lambda m: f"<{m.group(1)}{_RENAMED[m.group(2)]}>", first)
    cleaned = _clean(renamed, ECCP_TAGS)
    # a link whose href was refused is only its text
    return _BARE_ANCHOR_RE.sub(r"\1", cleaned).strip()
