"""What goes into a digest: every article first published after ``since`` and up to
``until``, in the section for its kind, newest first; the events of the next N days
under "Upcoming activities"; SME tools added since. Read-only: nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cms.blocks import IssueSectionsBlock
from cms.models import (
    ActivityNewsPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    IssuePage,
    SmeTool,
    SuccessStoryPage,
)

# Section key -> the article page type it collects.
ARTICLE_SECTIONS = {
    "interview": InterviewPage,
    "activities": ActivityNewsPage,
    "success_stories": SuccessStoryPage,
    "gateways": GatewayNewsPage,
}
ARTICLE_TYPES = (*ARTICLE_SECTIONS.values(), EventPage)


@dataclass(frozen=True)
class PlannedSection:
    key: str
    title: str
    entries: tuple  # pages (specific) or SmeTool snippets, in order


@dataclass(frozen=True)
class LeftOut:
    title: str
    page_id: int
    reason: str


@dataclass(frozen=True)
class Plan:
    site: Site
    since: datetime | None
    since_source: str  # "previous issue" | "--since" | "previous occurrence" | "beginning"
    until: datetime
    previous_issue: IssuePage | None
    upcoming_days: int
    sections: tuple[PlannedSection, ...]
    left_out: tuple[LeftOut, ...]

    @property
    def new_articles(self) -> list[Page]:
        """Pages first published in the window, whichever section holds them."""
        return [entry for section in self.sections for entry in section.entries
                if isinstance(entry, Page) and self.is_new(entry)]

    def is_new(self, page: Page) -> bool:
        published = page.first_published_at
        return (published is not None and published <= self.until
                and (self.since is None or published > self.since))

    def made_from(self) -> dict:
        """The record kept on the Digest: what it was made from."""
        def entry(value):
            if isinstance(value, Page):
                return {"page": value.pk, "title": value.title, "kind": value.kind,
                        "published": value.first_published_at.isoformat()}
            return {"snippet": f"cms.smetool:{value.pk}", "title": str(value)}

        previous = self.previous_issue
        return {
            "since": self.since.isoformat() if self.since else None,
            "since_source": self.since_source,
            "until": self.until.isoformat(),
            "previous_issue": {"page": previous.pk, "title": previous.title} if previous else None,
            "upcoming_days": self.upcoming_days,
            "sections": [{"key": s.key, "title": s.title, "entries": [entry(e) for e in s.entries]}
                         for s in self.sections],
            "left_out": [{"page": o.page_id, "title": o.title, "reason": o.reason}
                         for o in self.left_out],
        }


def previous_issue(site: Site, until: datetime) -> IssuePage | None:
    """The latest issue of the site that went out (published) before ``until``."""
    return (IssuePage.objects.live().descendant_of(site.root_page)
            .filter(first_published_at__lte=until)
            .order_by("-first_published_at", "-pk").first())


def _pages(model, site: Site):
    return model.objects.live().public().descendant_of(site.root_page)


def _published_between(model, site, since, until, exclude=()):
    pages = _pages(model, site).filter(first_published_at__lte=until).exclude(pk__in=exclude)
    if since is not None:
        pages = pages.filter(first_published_at__gt=since)
    return pages.order_by("-first_published_at", "-pk")


def chosen_in(issue: IssuePage | None) -> set[int]:
    """Ids of the pages the issue's sections hold."""
    if issue is None:
        return set()
    return {item for block in issue.sections.raw_data if block.get("type") != "sme_tools"
            for item in (block.get("value") or {}).get("items") or [] if isinstance(item, int)}


def plan(site: Site, layout, *, since: datetime | None, since_source: str, until: datetime,
         previous: IssuePage | None, upcoming_days: int) -> Plan:
    """Fill ``layout`` (the settings' StreamValue of section keys and titles)."""
    wanted = {block.block_type: (block.value.get("title") or "") for block in layout}
    sections = []
    left_out = []
    # Pages an editor already put in the previous issue are not news any more.
    already = chosen_in(previous)
    if previous is not None:
        for model in ARTICLE_TYPES:
            reason = _("already in “%(issue)s”") % {"issue": previous.title}
            left_out.extend(LeftOut(p.title, p.pk, reason) for p in
                            _published_between(model, site, since, until).filter(pk__in=already))
    for key, model in ARTICLE_SECTIONS.items():
        if key not in wanted:
            reason = _("no “%(section)s” section in the layout") % {
                "section": IssueSectionsBlock.base_blocks[key].meta.label}
            left_out.extend(LeftOut(p.title, p.pk, reason)
                            for p in _published_between(model, site, since, until, already))
    events = (_pages(EventPage, site).filter(end_utc__gte=until,
                                             start_utc__lte=until + timedelta(days=upcoming_days))
              .order_by("start_utc", "pk"))
    upcoming_ids = set()
    for block in layout:
        key, title = block.block_type, wanted[block.block_type]
        if key in ARTICLE_SECTIONS:
            entries = tuple(_published_between(ARTICLE_SECTIONS[key], site, since, until,
                                               already))
        elif key == "upcoming":
            entries = tuple(events)
            upcoming_ids = {e.pk for e in entries}
        elif key == "sme_tools":
            tools = SmeTool.objects.filter(created_at__lte=until)
            if since is not None:
                tools = tools.filter(created_at__gt=since)
            entries = tuple(tools.order_by("-created_at", "-pk"))
        else:  # about: filled from the partnership settings when rendered
            sections.append(PlannedSection(key, title, ()))
            continue
        if entries:
            sections.append(PlannedSection(key, title, entries))
    for event in _published_between(EventPage, site, since, until, already):
        if event.pk not in upcoming_ids:
            reason = (_("no “Upcoming activities” section in the layout")
                      if "upcoming" not in wanted else _("not within the upcoming days"))
            left_out.append(LeftOut(event.title, event.pk, reason))
    return Plan(site=site, since=since, since_source=since_source, until=until,
                previous_issue=previous, upcoming_days=upcoming_days,
                sections=tuple(sections), left_out=tuple(left_out))
