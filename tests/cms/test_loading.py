"""Issues and feeds load their Items in a bounded number of queries (cms.models.loading),
and the Items are exactly those that each page, loaded on its own, makes of itself."""

import uuid
from dataclasses import replace
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from cms import languages
from cms.items import Issue, Kind, Section
from cms.links import page_url, share_site_root_paths
from cms.models import IssuePage, MemberCluster, PartnershipImage, PartnershipSettings, SmeTool
from cms.richtext import richtext_html
from cms.translations import localized_choice
from feeds import queries

# These tests measure the load itself: cms.issue_cache is bypassed
# (tests/cms/test_issue_cache.py covers the cache).
pytestmark = pytest.mark.usefixtures("uncached_issues")

# The demo issue once caches are warm: the locales, the settings, member clusters, SME
# tools, one query per page type (5), images and renditions (2) and the linked pages of
# rich text. A translated issue takes as many (tests/i18n/test_translated_loading.py).
DEMO_MAX_QUERIES = 12
# With every cache cold, three more that do not grow with the items: Wagtail's site root
# paths (the sites, and with i18n the root pages' translations) and the articles'
# default author (the partnership name, cached for a minute).
DEMO_COLD_EXTRA_QUERIES = 3


def reference_issue(page: IssuePage, include_drafts: bool = False) -> Issue:
    """The slow path: Wagtail resolves each chooser, then each chosen object's
    translation in the issue's locale (what ``as_issue`` did for a translated issue
    before), one by one, and each page makes its own Item."""
    site = page.get_site() or Site.objects.get(is_default_site=True)
    partnership = PartnershipSettings.for_site_in(site, page.locale).as_partnership()
    language = languages.primary_subtag(page.locale.language_code)
    sections = []
    for section in page.sections:
        value = section.value
        if section.block_type == "about":
            sections.append(Section("about", value["title"], partnership.members,
                                    partnership.about_html))
            continue
        items = []
        for chosen in value["items"]:
            chosen = localized_choice(chosen, page.locale)
            if isinstance(chosen, Page):
                chosen = chosen.specific
                if not (chosen.live or include_drafts):
                    continue
            item = chosen.as_item()
            if not isinstance(chosen, Page):
                item = replace(item, language=language if chosen.locale_id == page.locale_id
                               else languages.default())
            items.append(item)
        sections.append(Section(section.block_type, value["title"], tuple(items),
                                richtext_html(value.get("intro"))))
    return Issue(id=page.pk, title=page.title, slug=page.slug, date=page.issue_date,
                 language=language, subject=page.subject, preheader=page.preheader,
                 intro_html=richtext_html(page.intro), url=page_url(page),
                 sections=tuple(sections), partnership=partnership,
                 published=page.first_published_at, updated=page.last_published_at)


def fresh(page_pk) -> IssuePage:
    return IssuePage.objects.get(pk=page_pk)


def warm_count(page_pk) -> tuple[list[str], Issue]:
    """The queries of as_issue() once renditions exist and caches are warm. The caches
    start empty each time: an entry cached long before could expire in between (the
    partnership name lives 60 s)."""
    cache.clear()
    fresh(page_pk).as_issue()
    with CaptureQueriesContext(connection) as captured:
        issue = fresh(page_pk).as_issue()
    return [query["sql"][:120] for query in captured], issue


def copy_image(image, title) -> PartnershipImage:
    image = PartnershipImage.objects.get(pk=image.pk)
    image.pk = image.id = None
    image._state.adding = True
    image.title = title
    image.save()
    return image


def enlarge(issue_page: IssuePage, copies: int = 3) -> None:
    """Add ``copies`` new pages (each with its own hero and body image and a link to
    another page) to every section of pages, a new SME tool and a member cluster."""
    template_image = PartnershipImage.objects.order_by("pk").first()
    sections = [dict(raw) for raw in issue_page.sections.raw_data]
    for raw in sections:
        value = raw["value"] = dict(raw["value"])
        if raw["type"] == "about":
            continue
        items = list(value.get("items") or [])
        first = items[0]["value"] if isinstance(items[0], dict) else items[0]
        if raw["type"] == "sme_tools":
            tool = SmeTool.objects.create(name=f"Tool {uuid.uuid4().hex[:6]}",
                                          description="A new tool", url="https://example.org")
            items.append({"type": "item", "value": tool.pk, "id": str(uuid.uuid4())})
        else:
            source = Page.objects.get(pk=first).specific
            for n in range(copies):
                slug = f"{source.slug}-copy-{raw['type']}-{n}"
                page = source.copy(update_attrs={"slug": slug, "title": f"{source.title} {n}"})
                page = page.specific
                page.image = copy_image(template_image, f"hero {slug}")
                page.body = [dict(block) for block in page.body.raw_data] + [
                    {"type": "image", "value": {"image": copy_image(template_image,
                                                                    f"body {slug}").pk,
                                                "caption": f"Caption {n}"}},
                    {"type": "paragraph",
                     "value": f'<p>See <a linktype="page" id="{source.pk}">this</a>.</p>'},
                ]
                page.save()
                items.append({"type": "item", "value": page.pk, "id": str(uuid.uuid4())})
        value["items"] = items
    MemberCluster.objects.create(name="New cluster", region="Somewhere", country="FR",
                                 logo=copy_image(template_image, "new logo"))
    issue_page.sections = sections
    issue_page.save()


@pytest.mark.django_db
def test_the_demo_issue_takes_a_bounded_number_of_queries(demo_issue,
                                                          django_assert_max_num_queries):
    cache.clear()
    page = fresh(demo_issue.pk)
    with django_assert_max_num_queries(DEMO_MAX_QUERIES + DEMO_COLD_EXTRA_QUERIES):
        issue = page.as_issue()
    assert len(issue.items) >= 15
    page = fresh(demo_issue.pk)
    with django_assert_max_num_queries(DEMO_MAX_QUERIES):
        page.as_issue()


@pytest.mark.django_db
def test_the_demo_items_equal_those_each_page_makes_alone(demo_issue):
    assert fresh(demo_issue.pk).as_issue() == reference_issue(fresh(demo_issue.pk))


@pytest.mark.django_db
def test_more_items_images_and_links_add_no_query(demo_issue):
    before, small = warm_count(demo_issue.pk)
    enlarge(fresh(demo_issue.pk))
    after, large = warm_count(demo_issue.pk)
    assert len(large.items) >= len(small.items) + 12
    assert len(after) == len(before), "\n".join(after)
    # ... and the bulk path still gives what each page makes of itself.
    assert large == reference_issue(fresh(demo_issue.pk))
    new = [item for item in large.items if item.title.endswith(" 0")]
    assert new and all(item.image is not None for item in new)
    assert all(any(block.type == "image" for block in item.body) for item in new)


@pytest.mark.django_db
def test_drafts_are_left_out_unless_asked_for(demo_issue):
    chosen = fresh(demo_issue.pk).unpublished_pages()
    assert chosen == []
    page = Page.objects.type(*queries.PAGE_MODELS.values()).live().filter(
        pk__in=[item.id.rsplit(":", 1)[1] for item in fresh(demo_issue.pk).as_issue().items
                if item.id.startswith("clusterpost:page:")]).first().specific
    page.unpublish()
    titles = [item.title for item in fresh(demo_issue.pk).as_issue().items]
    assert page.title not in titles
    assert page.title in [item.title for item in
                          fresh(demo_issue.pk).as_issue(include_drafts=True).items]
    assert fresh(demo_issue.pk).as_issue(include_drafts=True) == reference_issue(
        fresh(demo_issue.pk), include_drafts=True)


@pytest.mark.django_db
def test_feeds_take_as_many_queries_with_more_entries(demo_issue):
    def feed_queries():
        def load():
            return (queries.latest_items(Kind.ARTICLES), queries.upcoming_events(),
                    queries.latest_issues())

        cache.clear()
        load()
        with CaptureQueriesContext(connection) as captured:
            entries = load()
        return len(captured), entries

    before, (articles, _events, _issues) = feed_queries()
    enlarge(fresh(demo_issue.pk), copies=2)
    after, (more_articles, _events, _issues) = feed_queries()
    assert len(more_articles) > len(articles)
    assert after == before
    by_id = {item.id: item for item in more_articles}
    for item_id, item in by_id.items():
        page = Page.objects.get(pk=int(item_id.rsplit(":", 1)[1])).specific
        assert page.as_item() == item


@pytest.mark.django_db
def test_the_pages_of_one_load_share_one_copy_of_the_site_root_paths(demo_issue):
    """share_site_root_paths puts the copy where Wagtail 7.4 keeps a page's own: Wagtail
    then reads the site root paths once per load instead of once per page. (Output is
    the same either way: the tests above compare with pages loaded alone.)"""
    pages = [fresh(demo_issue.pk), *Page.objects.filter(depth__gte=3)[:5]]
    original = Site.get_site_root_paths
    with patch.object(Site, "get_site_root_paths", side_effect=original) as reads:
        share_site_root_paths(pages)
        urls = [page_url(page) for page in pages]
    assert reads.call_count == 1
    assert urls == [page_url(Page.objects.get(pk=page.pk)) for page in pages]
    assert all(urls)
