"""Issues and articles -> plain Items in a bounded number of queries.

``as_item()`` on one page fetches what it lacks as it goes, which is fine for one page:
an issue loaded that way costs queries for every item (its page, locale, images and
renditions, related pages). Here pages are loaded by type instead: one query per page
type, with related pages joined; one for the chosen snippets; one for the locales; one
for the partnership settings; one for the member clusters; and one ImageBank (two
queries) for every image of every item, logos and body images included. The count
depends on how many page types there are, not on how many items or languages.

A translated issue (an IssuePage in another locale) shows each chosen article in its
language where it has a live translation, and otherwise the chosen article itself,
whose Item keeps its own language (templates mark it with ``lang``). The translations
come in the same query as the chosen rows (``translation_key`` in a subquery), as do
the translated partnership settings and member clusters (each member cluster's Item in
the language of the row shown: its translation's, else the default language's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from django.db.models import Q
from wagtail.models import Locale, Page, Site, TranslatableMixin

from .. import languages
from ..images import ImageBank
from ..items import Issue, Item, Partnership, Section
from ..links import page_url, share_site_root_paths
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
    share_site_root_paths(page for row in pages for page in (row, *_joined_pages(row)))
    images = ImageBank.load(pk for page in pages for pk in page.item_image_ids())
    with page_links_loaded(source for page in pages for source in page.item_richtext_sources()):
        return [page.as_item(images) for page in pages]


def article_pages(model, **filters):
    """A queryset of one article type ready for ``items_of``: no query per item."""
    return model.objects.filter(**filters).select_related(*model.item_select_related)


def _with_translations(rows, model, wanted: Q, locale_ids):
    """The rows of ``model`` that ``wanted`` selects and, where ``locale_ids`` is not
    empty, their translations in those locales: one query either way."""
    if locale_ids and issubclass(model, TranslatableMixin):
        keys = model.objects.filter(wanted).values("translation_key")
        wanted = wanted | Q(locale_id__in=locale_ids, translation_key__in=keys)
    return rows.filter(wanted)


class _Locales:
    """Every Wagtail locale, in one query (there are a handful)."""

    def __init__(self):
        self.by_pk = {locale.pk: locale for locale in Locale.objects.order_by()}
        by_code = {locale.language_code: locale for locale in self.by_pk.values()}
        default = by_code.get(languages.default())
        self.default_id = default.pk if default is not None else None

    def attach(self, row) -> None:
        """Give a translatable row its locale without a query."""
        locale = self.by_pk.get(row.locale_id)
        if locale is not None:
            row.locale = locale


class _Chosen:
    """What a set of issues chose, by model: {model: {pk: instance}}, and the
    translations of those rows in the translated issues' locales."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.loaded: dict[type, dict] = {}
        self.translations: dict[tuple, object] = {}  # (class, translation_key, locale_id)

    def want(self, models: Iterable[type], pks: Iterable) -> None:
        for model in models:
            self.wanted[model].update(pks)

    def load(self, locale_ids: set) -> None:
        # Rows are kept by primary key, so no ORDER BY: with the default ordering
        # (Wagtail's "path") Django hashes every selected column to place it, a large
        # share of the cost of compiling these wide multi-table queries.
        for model, pks in self.wanted.items():
            if issubclass(model, ArticlePage):
                rows = model.objects.select_related(*model.item_select_related)
            elif issubclass(model, Page):
                rows = model.objects.specific()
            else:
                rows = model.objects.all()
            rows = list(_with_translations(rows, model, Q(pk__in=pks), locale_ids).order_by())
            self.loaded[model] = {row.pk: row for row in rows}
            if locale_ids:
                self.translations.update(
                    ((type(row), row.translation_key, row.locale_id), row) for row in rows
                    if row.locale_id in locale_ids)

    def find(self, models: Iterable[type], pk):
        for model in models:
            found = self.loaded.get(model, {}).get(pk)
            if found is not None:
                return found
        return None

    def localized(self, row, locale_id):
        """``row`` in the locale: its live translation there, else the row itself."""
        row_locale = getattr(row, "locale_id", locale_id)
        if row_locale == locale_id:
            return row
        translation = self.translations.get((type(row), row.translation_key, locale_id))
        if translation is None or (isinstance(translation, Page) and not translation.live):
            return row
        return translation

    def rows(self) -> list:
        return [row for rows in self.loaded.values() for row in rows.values()]

    def articles(self) -> list[ArticlePage]:
        return [row for row in self.rows() if isinstance(row, ArticlePage)]


def _target_models(stream_block, block_type: str) -> tuple[type, ...]:
    """The models a section's chooser offers (a page or snippet chooser)."""
    chooser = stream_block.child_blocks[block_type].child_blocks["items"].child_block
    return tuple(getattr(chooser, "target_models", None) or (chooser.target_model,))


def _joined_pages(row) -> list:
    """The pages joined to an article row (``item_select_related``): no query."""
    names = [name for name in getattr(row, "item_select_related", ()) if name != "locale"]
    return [page for page in (getattr(row, name) for name in names
                              if getattr(row, f"{name}_id", None) is not None)
            if page is not None]


def _site_id(page) -> int | None:
    parts = page.get_url_parts()
    return parts[0] if parts else None


class _Partnerships:
    """The partnership settings of each (site, locale) wanted and the member clusters of
    each locale, in two queries: the default language's rows and their translations.
    A locale without a translation falls back to the default language's row, as
    ``PartnershipSettings.for_site_in`` and ``localized_rows`` do."""

    def __init__(self, locales: _Locales, site_ids: set, locale_ids: set):
        default_id = locales.default_id
        others = locale_ids - {default_id}
        rows = list(_with_translations(
            PartnershipSettings.objects.all(), PartnershipSettings,
            Q(site_id__in=site_ids - {None}, locale_id=default_id), others).order_by())
        by_site = {row.site_id: row for row in rows if row.locale_id == default_id}
        translated = {(row.translation_key, row.locale_id): row for row in rows
                      if row.locale_id != default_id}
        self.settings = {}
        for site_id in site_ids:
            default = by_site.get(site_id)
            if default is None:  # created now: no translation of it was loaded
                default = _created_settings(site_id)
                translated.update(((default.translation_key, locale_id),
                                   default.get_translation_or_none(locales.by_pk[locale_id]))
                                  for locale_id in others)
            for locale_id in locale_ids:
                self.settings[site_id, locale_id] = (
                    translated.get((default.translation_key, locale_id)) or default)
        members = list(_with_translations(MemberCluster.objects.all(), MemberCluster,
                                          Q(locale_id=default_id), others))
        for row in members:  # each member's Item is in its row's language
            locales.attach(row)
        translated_members = {(row.translation_key, row.locale_id): row for row in members
                              if row.locale_id != default_id}
        in_default = [row for row in members if row.locale_id == default_id]
        self.members = {locale_id: [translated_members.get((row.translation_key, locale_id), row)
                                    for row in in_default] for locale_id in locale_ids}

    def rows(self) -> list[PartnershipSettings]:
        return list({id(row): row for row in self.settings.values()}.values())

    def image_ids(self) -> set[int]:
        return {pk for (_site, locale_id), row in self.settings.items()
                for pk in row.image_ids(self.members[locale_id])}

    def as_partnerships(self, images: ImageBank) -> dict[tuple, Partnership]:
        return {key: row.as_partnership(members=self.members[key[1]], images=images)
                for key, row in self.settings.items()}


def _created_settings(site_id) -> PartnershipSettings:
    """The default language's settings of a site that has none yet (created, as
    ``for_site`` does); None stands for the default site (an unroutable page)."""
    site = (Site.objects.filter(pk=site_id).first() if site_id is not None else None) \
        or Site.objects.filter(is_default_site=True).first()
    return PartnershipSettings.for_site(site)


def load_issues(issue_pages: Iterable, *, include_drafts: bool = False) -> list[Issue]:
    """IssuePages -> Issues, in the same order, each in its locale's language. Drafts
    are left out of what goes out (their URLs would 404) unless include_drafts is set."""
    issue_pages = list(issue_pages)
    locales = _Locales()
    for issue_page in issue_pages:
        locales.attach(issue_page)
    issue_locale_ids = {issue_page.locale_id for issue_page in issue_pages}
    share_site_root_paths(issue_pages)
    chosen = _Chosen()
    for issue_page in issue_pages:
        stream_block = issue_page.sections.stream_block
        for raw in issue_page.sections.raw_data:
            if raw["type"] != "about":
                chosen.want(_target_models(stream_block, raw["type"]),
                            chosen_ids(raw["value"].get("items")))
    site_ids = {issue_page.pk: _site_id(issue_page) for issue_page in issue_pages}
    partnerships = _Partnerships(locales, set(site_ids.values()), issue_locale_ids)
    chosen.load(issue_locale_ids - {locales.default_id})
    share_site_root_paths([page for row in chosen.rows() if isinstance(row, Page)
                            for page in (row, *_joined_pages(row))])
    images = ImageBank.load({pk for page in chosen.articles() for pk in page.item_image_ids()}
                            | partnerships.image_ids())
    sources = _richtext_sources(issue_pages, chosen, partnerships.rows())
    with page_links_loaded(sources, locales=locales.by_pk.values()):
        by_key = partnerships.as_partnerships(images)
        return [_issue(issue_page, by_key[site_ids[issue_page.pk], issue_page.locale_id],
                       chosen, images, include_drafts) for issue_page in issue_pages]


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
    in_default = languages.in_default_language(issue_page)
    language = (languages.default() if in_default
                else languages.primary_subtag(issue_page.locale.language_code))
    default_language = languages.primary_subtag(languages.default())
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
            if row is not None and not in_default:
                row = chosen.localized(row, issue_page.locale_id)
            if row is None or (isinstance(row, Page) and not (row.live or include_drafts)):
                continue
            if isinstance(row, ArticlePage):
                item = row.as_item(images)
            else:
                item = row.as_item()
                if not in_default and not isinstance(row, Page):
                    # A snippet: its language is its locale's.
                    item = replace(item, language=language if row.locale_id ==
                                   issue_page.locale_id else default_language)
            items.append(item)
        sections.append(Section(key=key, title=value["title"], items=tuple(items),
                                intro_html=richtext_html(value.get("intro"))))
    return Issue(
        id=issue_page.pk,
        title=issue_page.title,
        slug=issue_page.slug,
        language=language,
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
