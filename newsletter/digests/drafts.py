"""Turn a plan and its wording into a draft IssuePage under the site's issue archive."""

from __future__ import annotations

from datetime import date

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from cms.blocks import IssueSectionsBlock
from cms.models import IssueIndexPage, IssuePage

from .composition import Plan
from .wording import Wording

LOG_ACTION = "clusterpost.digest.compose"


class DigestError(Exception):
    """Something an operator must fix before a digest can be composed."""


def archive_for(site) -> IssueIndexPage:
    index = IssueIndexPage.objects.descendant_of(site.root_page, inclusive=True).first()
    if index is None:
        raise DigestError(_("The site has no issue archive (an “Issue index” page) to put "
                            "the digest in."))
    return index


def section_title(key: str, title: str, partnership_name: str) -> str:
    """The layout's title, or the section type's own default."""
    if title:
        return title
    if key == "about":
        return _("About %(name)s") % {"name": partnership_name}
    return IssueSectionsBlock.base_blocks[key].meta.default.get("title") or key


def section_values(plan: Plan, partnership_name: str) -> list[dict]:
    values = []
    for section in plan.sections:
        value = {"title": section_title(section.key, section.title, partnership_name)}
        if section.key != "about":
            value["intro"] = ""
            value["items"] = [entry.pk for entry in section.entries]
        values.append({"type": section.key, "value": value})
    return values


def _free_slug(index: Page, title: str) -> str:
    base = slugify(title) or "newsletter"
    slug, n = base, 1
    taken = set(index.get_children().values_list("slug", flat=True))
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_draft(plan: Plan, wording: Wording, issue_date: date,
                 partnership_name: str) -> tuple[IssuePage, Revision]:
    index = archive_for(plan.site)
    page = IssuePage(
        title=wording.title, slug=_free_slug(index, wording.title), issue_date=issue_date,
        subject=wording.subject, preheader=wording.preheader, intro=wording.intro_html,
        sections=section_values(plan, partnership_name), live=False)
    index.add_child(instance=page)
    revision = page.save_revision(log_action=False)
    log(instance=page, action=LOG_ACTION, revision=revision,
        data={"since": plan.made_from()["since"], "until": plan.until.isoformat()})
    return page, revision
