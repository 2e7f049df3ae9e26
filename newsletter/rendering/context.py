"""What the MJML templates read: small views over the Issue's Items that hold the
email-specific decisions (which rendition, displayed size, rich text styled inline)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from cms import presentation
from cms.items import Block, Image, Issue, Item, Kind, Section
from cms.links import section_anchor, section_url
from cms.richtext import ALLOWED_TAGS, sanitise_html

from . import style
from .block_html import block_html
from .detail import shown

CONTENT_WIDTH = 552  # 600 px body minus 24 px padding each side

# Emails carry their images as separate blocks with known sizes; images inside rich
# text are dropped (they would have no width, and maybe no alt).
EMAIL_TAGS = ALLOWED_TAGS - {"img", "figure", "figcaption"}

_INLINE_STYLES = {
    "a": f"color:{style.LINK};text-decoration:underline;",
    "h2": f"font-size:20px;line-height:1.3;margin:20px 0 8px;color:{style.HEADING};",
    "h3": f"font-size:18px;line-height:1.3;margin:18px 0 6px;color:{style.HEADING};",
    "h4": f"font-size:16px;line-height:1.3;margin:16px 0 6px;color:{style.HEADING};",
    "blockquote": f"margin:12px 0;padding:0 0 0 14px;border-left:3px solid {style.RULE};"
                  f"color:{style.MUTED};font-style:italic;",
    "ul": "margin:0 0 12px;padding:0 0 0 22px;",
    "ol": "margin:0 0 12px;padding:0 0 0 22px;",
    "li": "margin:0 0 4px;",
}
_TAG_RE = re.compile(r"<(" + "|".join(_INLINE_STYLES) + r")(?=[\s>])")


def email_html(html: str) -> str:
    """Rich text for an email: sanitised again (no images, no scripts, absolute links),
    with the styles inline, because mail clients ignore style sheets."""
    if not html:
        return ""
    cleaned = sanitise_html(html, tags=EMAIL_TAGS)
    return _TAG_RE.sub(lambda m: f'<{m.group(1)} style="{_INLINE_STYLES[m.group(1)]}"', cleaned)


class Lookup:
    """Django's template engine tries ``obj[name]`` before ``getattr(obj, name)``; on plain
    objects that first try raises and is caught, for every variable. Answering it directly
    halves the template time of an issue."""

    def __getitem__(self, name):
        return getattr(self, name)


@dataclass(frozen=True)
class ImageView(Lookup):
    src: str
    width: int  # displayed CSS pixels
    height: int
    alt: str
    caption: str = ""
    credit: str = ""


def image_view(image: Image | None, width: int, fallback_alt: str,
               purposes=("email", "card", "original")) -> ImageView | None:
    """The first available rendition for ``purposes``, shown at most ``width`` px wide
    (the email rendition is 1200 px: twice the displayed size for sharp high-density
    screens). None when there is no usable rendition."""
    if image is None:
        return None
    for purpose in purposes:
        rendition = image.renditions.get(purpose)
        if rendition and rendition.url and rendition.width > 0 and rendition.height > 0:
            break
    else:
        return None
    shown = min(width, rendition.width)
    height = max(1, round(shown * rendition.height / rendition.width))
    return ImageView(
        src=rendition.url, width=shown, height=height,
        alt=(image.alt or fallback_alt).strip(), caption=image.caption, credit=image.credit)


@dataclass(frozen=True)
class BlockView(Lookup):
    type: str
    html: str = ""
    text: str = ""
    number: int | None = None
    attribution: str = ""
    image: ImageView | None = None


@dataclass
class BodyRun(Lookup):
    blocks: list[BlockView] = field(default_factory=list)
    image: BlockView | None = None

    @property
    def html(self) -> str:
        """The text blocks' HTML, for one mj-text."""
        return mark_safe("".join(block_html(block) for block in self.blocks))


def block_view(block: Block, fallback_alt: str) -> BlockView | None:
    if block.type == "richtext":
        html = email_html(block.html)
        return BlockView("richtext", html=html) if html else None
    if block.type == "qa":
        return BlockView("qa", text=block.text, number=block.number, html=email_html(block.html))
    if block.type == "image":
        image = image_view(block.image, CONTENT_WIDTH, block.text or fallback_alt)
        return BlockView("image", text=block.text, image=image) if image else None
    if block.type in {"heading", "quote"}:
        return BlockView(block.type, text=block.text, attribution=block.attribution)
    return None


class ItemView(Lookup):
    """One item as the email shows it, at a detail level (see ``detail``). Its facts
    (when, where, who, what was agreed) are ``cms.presentation``'s, in the item's
    language."""

    def __init__(self, item: Item, issue: Issue, detail: str = "standard"):
        self.item = item
        self.issue = issue
        self.detail = detail
        self.shown = shown(item, issue, detail)
        self.facts = presentation.facts(item)

    def __getattr__(self, name):
        return getattr(self.item, name)

    @property
    def label(self) -> str:
        return self.facts.label

    @cached_property
    def image(self) -> ImageView | None:
        if not self.shown.image:
            return None
        return image_view(self.item.image, CONTENT_WIDTH, self.item.title)

    @cached_property
    def body(self) -> list[BlockView]:
        if not self.shown.body:
            return []
        views = (block_view(block, self.item.title) for block in self.item.body)
        return [view for view in views if view is not None]

    @cached_property
    def text_runs(self) -> list[BodyRun]:
        """Everything after the lead image, as runs: consecutive text blocks share one
        mj-text (each mj-* element costs ~0.3-1 KB of table markup, and Gmail clips at
        102 KB); each image stands alone."""
        item, shows = self.item, self.shown
        blocks: list[BlockView] = []
        image = self.image
        if image is not None and image.credit:
            blocks.append(BlockView("credit", text=image.credit))
        if shows.outcome:
            blocks.append(BlockView("outcome", text=item.outcome))
        if shows.summary:
            blocks.append(BlockView("summary", text=item.summary,
                                    attribution="italic" if item.kind == Kind.INTERVIEW else ""))
        blocks += self.body
        if shows.quote:
            blocks.append(BlockView("quote", text=item.quote.text,
                                    attribution=self.facts.quote_by))
        if item.url:
            blocks.append(BlockView("readmore", text=item.url, html=presentation.read_more(
                item, item.language, shown_in_full=bool(self.body))))
        runs: list[BodyRun] = []
        for block in blocks:
            if block.type == "image":
                runs.append(BodyRun(image=block))
            elif runs and runs[-1].image is None:
                runs[-1].blocks.append(block)
            else:
                runs.append(BodyRun(blocks=[block]))
        return runs

    @property
    def show_summary(self) -> bool:
        return self.shown.summary

    @property
    def read_more(self) -> str:
        return presentation.read_more(self.item, self.item.language)

    @cached_property
    def meta(self) -> str:
        """One line under the title: the company, where it happened, what was agreed
        (events show "Where:" instead)."""
        item = self.item
        parts: list[str] = []
        if item.company and item.company not in item.title:
            parts.append(item.company)
        if item.event is None and self.facts.where:
            parts.append(self.facts.where)
        if self.facts.agreement:
            parts.append(self.facts.agreement)
        return " · ".join(parts)

    @cached_property
    def event(self):
        return EventView(self) if self.item.event else None


class EventView(Lookup):
    def __init__(self, view: ItemView):
        self.info = view.item.event
        self.when = view.facts.when
        self.place = view.facts.where
        self.timezone = view.facts.timezone
        self.labels = {name: presentation.field_label(name, view.item.language)
                       for name in presentation.FIELD_LABELS}
        self.kind_label = view.facts.label
        # Registration and calendar links only make sense before the event is over.
        self.is_upcoming = view.shown.event_links
        self.registration_url = self.info.registration_url if self.is_upcoming else ""
        self.ics_url = self.info.ics_url if self.is_upcoming else ""
        self.online_url = self.info.online_url


@dataclass
class SectionView(Lookup):
    section: Section
    items: list[ItemView]
    anchor: str  # the same id on the web version (cms.links.section_anchor)
    web_url: str  # the section on the web version, for clients where anchors fail
    intro_html: str

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def web_label(self) -> str:
        """The accessible name of the table of contents' "on the web" link."""
        return mark_safe(gettext("%(title)s on the web") % {"title": conditional_escape(self.title)})


class MemberView(Lookup):
    def __init__(self, item: Item):
        self.item = item
        self.title = item.title
        self.url = item.url
        self.summary = item.summary
        self.language = item.language  # marked with lang where it is not the issue's
        self.image = image_view(item.image, 120, item.title, purposes=("card", "email", "original"))


STYLE = {name: value for name, value in vars(style).items() if name.isupper()}


def chrome_context(partnership, *, language: str, placeholders) -> dict:
    """What the shared email chrome (head, header, footer) reads, for an issue and for
    the welcome email alike."""
    return {
        "partnership": partnership,
        "logo": image_view(partnership.logo, 200, partnership.name,
                           purposes=("email", "original")),
        "language": language,
        "tokens": placeholders,
        # Invisible padding after the preheader, so inboxes do not fill the preview line
        # with the header's text ("View in browser", the greeting).
        "preheader_filler": mark_safe("&#8199;&#847;" * 40),
        "style": STYLE,
        "subscribed_because": mark_safe(gettext(
            "You receive this newsletter because you subscribed to news from %(partnership)s.")
            % {"partnership": conditional_escape(partnership.name)}),
        "postal_address_lines": [line.strip() for line in partnership.postal_address.splitlines()
                                 if line.strip()],
    }


def issue_context(issue: Issue, *, detail: str, placeholders) -> dict:
    partnership = issue.partnership
    sections = []
    for position, section in enumerate(issue.sections, start=1):
        if section.key == "about":
            items = []
        else:
            items = [ItemView(item, issue, detail) for item in section.items]
        anchor = section_anchor(section.key, position)
        sections.append(SectionView(
            section=section, items=items, anchor=anchor,
            web_url=section_url(issue.url, anchor),
            intro_html=email_html(section.intro_html)))
    about = next((s for s in issue.sections if s.key == "about"), None)
    return {
        **chrome_context(partnership, language=issue.language, placeholders=placeholders),
        "issue": issue,
        "intro_html": email_html(issue.intro_html),
        "sections": sections,
        "toc": [s for s in sections if s.key == "about" or s.items],
        "about": about,
        "about_html": email_html(partnership.about_html) if about else "",
        "members": [MemberView(item) for item in (about.items if about else ())],
        "detail": detail,
    }
