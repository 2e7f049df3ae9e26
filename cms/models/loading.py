"""Issues and articles -> plain Items in a bounded number of queries.

``as_item()`` on one page fetches what it lacks as it goes, which is fine for one page:
an issue loaded that way costs queries for every item (its page, locale, images and
renditions, related pages). Here pages are loaded by type instead: one query per page
type, with locale and related pages joined; one for the chosen snippets; one for the
member clusters; and one ImageBank (two queries) for every image of every item, logos
and body images included. The count depends on how many page types there are, not on
how many items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from wagtail.models import Page, Site

from .. import languages
from ..images import ImageBank
from ..items import Issue, Item, Partnership, Section
from ..links import page_url
from ..page_links import page_links_loaded
from ..richtext import richtext_html
from .pages import ArticlePage
from .partnership import PartnershipSettings
from .snippets import MemberCluster


def chosen_ids(raw_items) -> list:
    """A ListBlock's stored items -> the chosen primary keys, in order. Reads both of
    Wagtail's storage formats: plain values and ``{"type": "item", "value": pk}``."""
    out = []
    for raw in raw_items or ():
        value = raw.get("value") if isinstance(raw, dict) and raw.get("type") == "item" else raw
        if value is not None:
            out.append(value)
    return out


def items_of(pages: Iterable[ArticlePage]) -> list[Item]:
    """Article pages (loaded with their type's ``item_select_related``) -> their Items,
    in the same order, with every image fetched at once."""
    pages = list(pages)
    images = ImageBank.load(pk for page in pages for pk in page.item_image_ids())
    with page_links_loaded(source for page in pages for source in page.item_richtext_sources()):
        return [page.as_item(images) for page in pages]


def article_pages(model, **filters):
    """A queryset of one article type ready for ``items_of``: no query per item."""
    return model.objects.filter(**filters).select_related(*model.item_select_related)


class _Chosen:
    """What a set of issues chose, by model: {model: {pk: instance}}."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.loaded: dict[type, dict] = {}

    def want(self, models: Iterable[type], pks: Iterable) -> None:
        for model in models:
            self.wanted[model].update(pks)

    def load(self) -> None:
        # Rows are kept by primary key, so no ORDER BY: with the default ordering
        # (Wagtail's "path") Django hashes every selected column to place it, a large
        # share of the cost of compiling these wide multi-table queries.
        for model, pks in self.wanted.items():
            if issubclass(model, ArticlePage):
                rows = article_pages(model, pk__in=pks)
            elif issubclass(model, Page):
                rows = model.objects.filter(pk__in=pks).specific()
            else:
                rows = model.objects.filter(pk__in=pks)
            rows = rows.order_by()
            self.loaded[model] = {row.pk: row for row in rows}

    def find(self, models: Iterable[type], pk):
        for model in models:
            found = self.loaded.get(model, {}).get(pk)
            if found is not None:
                return found
        return None

    def articles(self) -> list[ArticlePage]:
        return [row for rows in self.loaded.values() for row in rows.values()
                if isinstance(row, ArticlePage)]


def _target_models(stream_block, block_type: str) -> tuple[type, ...]:
    """The models a section's chooser offers (a page or snippet chooser)."""
    chooser = stream_block.child_blocks[block_type].child_blocks["items"].child_block
    return tuple(getattr(chooser, "target_models", None) or (chooser.target_model,))


def _site_id(page) -> int | None:
    parts = page.get_url_parts()
    return parts[0] if parts else None


def _settings_by_site(site_ids: set) -> dict:
    """PartnershipSettings for each site in one query (created where missing, as
    ``for_site`` does); None stands for the default site (an unroutable page)."""
    found = {row.site_id: row for row in
             PartnershipSettings.objects.filter(site_id__in=site_ids - {None},
                                                locale__language_code=languages.default())}
    for site_id in site_ids:
        if site_id not in found:
            site = (Site.objects.filter(pk=site_id).first() if site_id is not None else None) \
                or Site.objects.filter(is_default_site=True).first()
            found[site_id] = PartnershipSettings.for_site(site)
    return found


def load_issues(issue_pages: Iterable, *, include_drafts: bool = False) -> list[Issue]:
    """IssuePages -> Issues, in the same order. Drafts are left out of what goes out
    (their URLs would 404) unless include_drafts is set."""
    issue_pages = list(issue_pages)
    default = [languages.in_default_language(page) for page in issue_pages]
    if not all(default):
        # Translated issues resolve their articles' translations one by one (as_issue).
        bulk = iter(load_issues([p for p, d in zip(issue_pages, default, strict=True) if d],
                                include_drafts=include_drafts))
        return [next(bulk) if d else page.as_issue(include_drafts=include_drafts)
                for page, d in zip(issue_pages, default, strict=True)]
    chosen = _Chosen()
    for issue_page in issue_pages:
        stream_block = issue_page.sections.stream_block
        for raw in issue_page.sections.raw_data:
            if raw["type"] != "about":
                chosen.want(_target_models(stream_block, raw["type"]),
                            chosen_ids(raw["value"].get("items")))
    site_ids = {issue_page.pk: _site_id(issue_page) for issue_page in issue_pages}
    settings = _settings_by_site(set(site_ids.values()))
    members = list(MemberCluster.objects.filter(locale__language_code=languages.default()))
    chosen.load()
    images = ImageBank.load({pk for page in chosen.articles() for pk in page.item_image_ids()}
                            .union(*(row.image_ids(members) for row in settings.values())))
    with page_links_loaded(_richtext_sources(issue_pages, chosen, settings.values())):
        partnerships = {site_id: row.as_partnership(members=members, images=images)
                        for site_id, row in settings.items()}
        return [_issue(issue_page, partnerships[site_ids[issue_page.pk]], chosen, images,
                       include_drafts) for issue_page in issue_pages]


def _richtext_sources(issue_pages, chosen: _Chosen, settings) -> list[str]:
    """Every stored rich text the Issues show: intros, the About text, article bodies."""
    sources = [row.about for row in settings]
    for issue_page in issue_pages:
        sources.append(issue_page.intro)
        sources += [raw["value"].get("intro") for raw in issue_page.sections.raw_data]
    for page in chosen.articles():
        sources += page.item_richtext_sources()
    return sources


def _issue(issue_page, partnership: Partnership, chosen: _Chosen, images: ImageBank,
           include_drafts: bool) -> Issue:
    stream_block = issue_page.sections.stream_block
    sections = []
    for raw in issue_page.sections.raw_data:
        key, value = raw["type"], raw["value"]
        if key == "about":
            sections.append(Section(key="about", title=value["title"],
                                    items=partnership.members,
                                    intro_html=partnership.about_html))
            continue
        models = _target_models(stream_block, key)
        items = []
        for pk in chosen_ids(value.get("items")):
            row = chosen.find(models, pk)
            if row is None or (isinstance(row, Page) and not (row.live or include_drafts)):
                continue
            items.append(row.as_item(images) if isinstance(row, ArticlePage) else row.as_item())
        sections.append(Section(key=key, title=value["title"], items=tuple(items),
                                intro_html=richtext_html(value.get("intro"))))
    return Issue(
        id=issue_page.pk,
        title=issue_page.title,
        slug=issue_page.slug,
        language=languages.default(),
        date=issue_page.issue_date,
        subject=issue_page.subject,
        preheader=issue_page.preheader,
        intro_html=richtext_html(issue_page.intro),
        url=page_url(issue_page),
        sections=tuple(sections),
        partnership=partnership,
        published=issue_page.first_published_at,
        updated=issue_page.last_published_at,
    )
