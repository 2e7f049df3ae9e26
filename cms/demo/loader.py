"""Build (or bring up to date) the demo site from ``cms.demo.content``.

Idempotent: pages are found by their slug under their parent, snippets by name, images
by title, and updated in place. The French translation (cms.demo.translation) follows. Every page is published through a revision, then its
publication dates are set to the realistic ones of the seed issue (Dec 2016–Jan 2017).
"""

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import get_supported_language_variant
from wagtail.models import Collection, Locale, Page, Revision, Site

from ..images import image_item
from . import content
from .images import draw
from .translation import translate_demo

LINK = re.compile(r'href="page:([^"]+)"')


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    issue: Page | None = None
    translated_issue: Page | None = None

    def count(self, what: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[what] = bucket.get(what, 0) + 1

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated))
        out = [f"  {kind:<28} {self.created.get(kind, 0):>3} created, "
               f"{self.updated.get(kind, 0):>3} updated" for kind in kinds]
        if self.issue is not None:
            out.append(f"  issue: {self.issue.title} -> {self.issue.url}")
        if self.translated_issue is not None:
            out.append(f"  in French: {self.translated_issue.title} -> {self.translated_issue.url}")
        return out


def ensure_site():
    """The default Site with a HomePage root. Rebuilt when a test flush removed it."""
    from cms.models import HomePage

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(  # gone after a test flush
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is HomePage:
        return site.root_page.specific, site
    home = HomePage.objects.order_by("pk").first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:
            locale, _ = Locale.objects.get_or_create(
                language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
            root = Page.add_root(instance=Page(
                title="Root", slug="root", locale=locale,
                content_type=ContentType.objects.get_for_model(Page)))
        home = HomePage(title=content.PARTNERSHIP["name"], slug="home", live=True)
        root.add_child(instance=home)
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home,
                                   is_default_site=True, site_name=content.PARTNERSHIP["name"])
    else:
        site.root_page = home
        site.save()
    return home, site


class DemoLoader:
    def __init__(self):
        self.summary = Summary()
        self.images = {}
        self.pages: dict[str, Page] = {}  # "index-slug/slug" -> page

    # --- images -----------------------------------------------------------------------
    def image(self, key: str):
        if key in self.images:
            return self.images[key]
        from cms.models import PartnershipImage

        spec = content.IMAGES[key]
        image = PartnershipImage.objects.filter(title=spec["title"]).first()
        created = image is None
        missing = not created and not image.file.storage.exists(image.file.name)
        if created or missing:  # missing: the media folder was wiped; draw it again
            if missing:
                image.renditions.all().delete()
            is_logo = key.startswith("logo")
            data = draw(key, spec["text"], spec["palette"], spec.get("size", (1600, 900)),
                        "PNG" if is_logo else "JPEG")
            image = image or PartnershipImage(title=spec["title"])
            image.file = ImageFile(io.BytesIO(data), name=f"demo-{key.replace('_', '-')}.{'png' if is_logo else 'jpg'}")
        image.description = spec["alt"]
        image.credit = spec["credit"]
        image.save()
        if created or missing:
            # Wagtail's public getters compute (and save) what is unset.
            image.file_size, image.file_hash = None, ""
            image.get_file_size()
            image.get_file_hash()
        # Every channel asks for the same renditions: make them now, once.
        image_item(image)
        self.summary.count("images", created)
        self.images[key] = image
        return image

    # --- snippets and settings --------------------------------------------------------
    def snippets(self):
        from cms.models import MemberCluster, SmeTool

        self.tools = {}
        for order, spec in enumerate(content.SME_TOOLS):
            tool = SmeTool.objects.filter(name=spec["name"], locale=Locale.get_default()).first()
            created = tool is None
            tool = tool or SmeTool(name=spec["name"])
            tool.description, tool.url, tool.sort_order = spec["description"], spec["url"], order
            tool.save()
            self.tools[tool.name] = tool
            self.summary.count("SME tools", created)
        for order, spec in enumerate(content.MEMBER_CLUSTERS):
            member = MemberCluster.objects.filter(name=spec["name"],
                                                  locale=Locale.get_default()).first()
            created = member is None
            member = member or MemberCluster(name=spec["name"])
            member.region, member.country, member.url = spec["region"], spec["country"], spec["url"]
            member.logo, member.sort_order = self.image(spec["logo"]), order
            member.save()
            self.summary.count("member clusters", created)

    def partnership(self, site):
        from cms.models import PartnershipSettings

        spec = content.PARTNERSHIP
        partnership = PartnershipSettings.for_site(site)
        for name in ("name", "tagline", "about", "funding_disclaimer", "postal_address",
                     "sender_name", "sender_email", "welcome_enabled", "welcome_subject",
                     "welcome_text"):
            setattr(partnership, name, spec[name])
        partnership.logo = self.image(spec["logo"])
        partnership.social_links = [{"type": "link", "value": {"label": label, "url": url}}
                                    for label, url in spec["social_links"]]
        partnership.save()
        self.summary.count("partnership settings", False)
        return partnership

    # --- pages ------------------------------------------------------------------------
    def rich(self, html: str) -> str:
        def page_link(match):
            return f'linktype="page" id="{self.pages[match.group(1)].pk}"'

        return LINK.sub(page_link, html)

    def body(self, items) -> list[dict]:
        out = []
        for item in items:
            if item[0] == "p":
                out.append({"type": "paragraph", "value": self.rich(item[1])})
            elif item[0] == "h":
                out.append({"type": "heading", "value": item[1]})
            elif item[0] == "qa":
                out.append({"type": "qa", "value": {"question": item[1],
                                                    "answer": self.rich(item[2])}})
            elif item[0] == "quote":
                out.append({"type": "quote", "value": {"quote": item[1],
                                                       "attribution": item[2]}})
            elif item[0] == "image":
                out.append({"type": "image", "value": {"image": self.image(item[1]).pk,
                                                       "caption": item[2]}})
        return out

    def upsert(self, parent, model, slug, fields, *, path=None, published=None, updated=None):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        created = page is None
        if created:
            page = model(slug=slug, live=False, **fields)
            parent.add_child(instance=page)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
        revision = page.save_revision(clean=True)
        revision.publish()
        page.refresh_from_db()
        if published is not None:
            updated = updated or published
            Page.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=updated,
                latest_revision_created_at=updated)
            Revision.objects.filter(pk=revision.pk).update(created_at=updated)
            page.first_published_at, page.last_published_at = published, updated
        self.summary.count(model._meta.verbose_name_plural, created)
        if path:
            self.pages[path] = page
        return page

    def article_fields(self, spec, *extra) -> dict:
        fields = {"title": spec["title"], "summary": spec["summary"],
                  "image": self.image(spec["image"]) if spec.get("image") else None,
                  "countries": spec.get("countries", []), "sectors": spec.get("sectors", []),
                  "emerging_industries": spec.get("emerging_industries",
                                                  ["Biopharmaceuticals", "Personalised medicine"]),
                  "body": self.body(spec.get("body", []))}
        for name in extra:
            fields[name] = spec.get(name, "")
        return fields

    def build(self, *, translations: bool = True):
        from cms import models as m

        home, site = ensure_site()
        self.snippets()
        partnership = self.partnership(site)
        home = self.upsert(home.get_parent(), m.HomePage, home.slug, {
            "title": content.PARTNERSHIP["name"],
            "intro": "<p>News, success stories and events from bioXclusters plus, the "
                     "partnership of four European life-science clusters: Lyonbiopole, "
                     "Biocat, BioM and bioPmed.</p>"}, published=content._at(2016, 9, 1))
        indexes = {}
        for slug, (class_name, title, intro) in content.INDEXES.items():
            indexes[slug] = self.upsert(home, getattr(m, class_name), slug,
                                        {"title": title, "intro": intro,
                                         "show_in_menus": True},
                                        published=content._at(2016, 9, 1))

        for spec in content.EVENTS:
            fields = self.article_fields(
                spec, "event_kind", "start_date", "start_time", "end_date", "end_time",
                "timezone", "venue", "city", "country", "online_url", "registration_url",
                "organiser", "contact", "audience")
            self.upsert(indexes["events"], m.EventPage, spec["slug"], fields,
                        path=f"events/{spec['slug']}", published=spec["published"],
                        updated=spec["updated"])
        for spec in content.ACTIVITIES:
            fields = self.article_fields(spec, "activity_kind", "location")
            fields["event"] = self.pages[f"events/{spec['event']}"] if spec["event"] else None
            self.upsert(indexes["news"], m.ActivityNewsPage, spec["slug"], fields,
                        path=f"news/{spec['slug']}", published=spec["published"],
                        updated=spec["updated"])
        for spec in content.SUCCESS_STORIES:
            fields = self.article_fields(
                spec, "company", "city", "country", "sector", "outcome", "quote_text",
                "quote_name", "quote_role", "quote_organisation")
            fields["related_page"] = self.pages[spec["related"]] if spec.get("related") else None
            self.upsert(indexes["success-stories"], m.SuccessStoryPage, spec["slug"], fields,
                        path=f"success-stories/{spec['slug']}", published=spec["published"],
                        updated=spec["updated"])
        for spec in content.GATEWAY_NEWS:
            fields = self.article_fields(
                spec, "news_kind", "gateway_organisations", "country", "region",
                "agreement_kind", "duration")
            fields["signed_on"] = spec["signed_on"]
            fields["event"] = self.pages[f"events/{spec['event']}"] if spec.get("event") else None
            self.upsert(indexes["gateways"], m.GatewayNewsPage, spec["slug"], fields,
                        path=f"gateways/{spec['slug']}", published=spec["published"],
                        updated=spec["updated"])
        spec = content.INTERVIEW
        fields = self.article_fields(spec, "interviewee_name", "interviewee_role",
                                     "interviewee_organisation")
        fields["portrait"] = self.image(spec["portrait"])
        self.upsert(indexes["interviews"], m.InterviewPage, spec["slug"], fields,
                    path=f"interviews/{spec['slug']}", published=spec["published"],
                    updated=spec["updated"])

        spec = content.ISSUE
        sections = []
        for block_type, title, intro, items in spec["sections"]:
            value = {"title": title}
            if block_type != "about":
                value["intro"] = self.rich(intro)
                value["items"] = [self.tools[ref[5:]].pk if ref.startswith("tool:")
                                  else self.pages[ref].pk for ref in items]
            sections.append({"type": block_type, "value": value})
        self.summary.issue = self.upsert(
            indexes["newsletters"], m.IssuePage, spec["slug"],
            {"title": spec["title"], "issue_date": spec["issue_date"],
             "subject": spec["subject"], "preheader": spec["preheader"],
             "intro": spec["intro"], "sections": sections},
            published=spec["published"], updated=spec["updated"])
        if translations:
            self.translate(partnership, home, indexes)
        return self.summary

    def translate(self, partnership, home, indexes):
        translated = translate_demo(
            partnership=partnership, home=home, indexes=indexes, pages=self.pages,
            issue=self.summary.issue,
            count=lambda created: self.summary.count("French translations", created))
        self.summary.translated_issue = translated["issue"]


def load_demo(*, translations: bool = True) -> Summary:
    """Build or update the demo site in one transaction; returns what was done.
    ``translations=False`` leaves out the French translation."""
    with transaction.atomic():
        return DemoLoader().build(translations=translations)


def load_demo_translations() -> Summary:
    """Add (or update) the French translation of an English demo already loaded."""
    from cms.models import PartnershipSettings

    loader = DemoLoader()
    home, site = ensure_site()
    indexes = {page.slug: page.specific for page in home.get_children()}
    for index in indexes.values():
        for page in index.get_children():
            loader.pages[f"{index.slug}/{page.slug}"] = page.specific
    loader.summary.issue = find_demo_issue()
    with transaction.atomic():
        loader.translate(PartnershipSettings.for_site(site), home, indexes)
    return loader.summary


def find_demo_issue():
    """The live demo IssuePage, or None when the demo is not loaded."""
    from cms.models import IssuePage

    default = get_supported_language_variant(settings.LANGUAGE_CODE)  # no Locale after a flush
    return IssuePage.objects.live().filter(slug=content.ISSUE["slug"],
                                           locale__language_code=default).first()
