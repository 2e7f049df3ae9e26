from dataclasses import replace

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from .. import languages
from ..admin_panels import IssueChecksPanel
from ..blocks import IssueSectionsBlock
from ..items import Issue, Section
from ..languages import primary_subtag
from ..links import page_url
from ..previews import ChannelPreviewMixin
from ..publishing_checks import issue_warnings
from ..richtext import richtext_html
from ..translations import localized_choice
from .loading import load_issues
from .partnership import PartnershipSettings


class IssueIndexPage(Page):
    """The issue archive."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.IssuePage"]
    max_count = 1
    template = "cms/issue_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = IssuePage.objects.child_of(self).live().public().order_by("-issue_date")
        context["page_obj"] = Paginator(issues, self.per_page).get_page(request.GET.get("page"))
        return context


class IssuePage(ChannelPreviewMixin, Page):
    """One newsletter issue: ordered sections of pages and snippets. Its public page is
    the email's web version."""

    issue_date = models.DateField(default=timezone.localdate)
    subject = models.CharField(max_length=150, help_text="The email's subject line.")
    preheader = models.CharField(
        max_length=150, blank=True,
        help_text="Preview text shown after the subject in most inboxes (≈ 90 characters).")
    intro = RichTextField("editorial intro", blank=True,
                          features=["bold", "italic", "link", "ul"])
    sections = StreamField(IssueSectionsBlock(), use_json_field=True, blank=True)

    content_panels = Page.content_panels + [
        IssueChecksPanel(heading="Before you send"),
        FieldPanel("issue_date"), FieldPanel("subject"), FieldPanel("preheader"),
        FieldPanel("intro"), FieldPanel("sections"),
    ]
    parent_page_types = ["cms.IssueIndexPage"]
    subpage_types = []
    template = "cms/issue_page.html"

    def section_items(self, section_value, *, include_drafts: bool = False):
        """The chosen pages/snippets of one section as Items, each in the issue's language
        where it has a published translation (else in its own, which the Item's language
        tells). Drafts are left out of what goes out (their URLs would 404) unless
        include_drafts is set."""
        items = []
        for chosen in section_value.get("items") or []:
            if chosen is None:
                continue
            chosen = localized_choice(chosen, self.locale)
            if isinstance(chosen, Page):
                chosen = chosen.specific
                if not (chosen.live or include_drafts):
                    continue
            item = chosen.as_item()
            if not isinstance(chosen, Page):  # a snippet: its language is its locale's
                item = replace(item, language=primary_subtag(
                    self.locale.language_code if chosen.locale_id == self.locale_id
                    else languages.default()))
            items.append(item)
        return tuple(items)

    def get_context(self, request, *args, **kwargs):
        """The web version shows exactly what the email holds: the Issue. Previews
        include chosen drafts so that editors see the whole issue."""
        context = super().get_context(request, *args, **kwargs)
        context["issue"] = self.as_issue(include_drafts=getattr(request, "is_preview", False))
        return context

    def editor_warnings(self, now=None) -> list[str]:
        """Problems an editor should fix before sending; they never block publishing."""
        return issue_warnings(self, now)

    def unpublished_pages(self) -> list[Page]:
        """Chosen pages that are not live: editors are warned before sending."""
        out = []
        for section in self.sections:
            for chosen in section.value.get("items") or []:
                if isinstance(chosen, Page) and not chosen.live:
                    out.append(chosen)
        return out

    def as_issue(self, *, include_drafts: bool = False) -> Issue:
        """The plain Issue. Drafts are left out of what goes out (their URLs would 404)
        unless include_drafts is set.

        A default-language issue loads in a bounded number of queries
        (cms.models.loading). A translated issue resolves each chosen article to its live
        translation, or falls back to the article itself, one lookup per article
        (``section_items``); teaching the bulk loader translations is still to do."""
        if languages.in_default_language(self):
            return load_issues([self], include_drafts=include_drafts)[0]
        site = self.get_site() or Site.objects.filter(is_default_site=True).first()
        partnership = PartnershipSettings.for_site_in(site, self.locale).as_partnership()
        sections = []
        for section in self.sections:
            value = section.value
            if section.block_type == "about":
                sections.append(Section(key="about", title=value["title"],
                                        items=partnership.members,
                                        intro_html=partnership.about_html))
                continue
            sections.append(Section(
                key=section.block_type,
                title=value["title"],
                items=self.section_items(value, include_drafts=include_drafts),
                intro_html=richtext_html(value.get("intro")),
            ))
        return Issue(
            id=self.pk,
            title=self.title,
            slug=self.slug,
            date=self.issue_date,
            language=primary_subtag(self.locale.language_code),
            subject=self.subject,
            preheader=self.preheader,
            intro_html=richtext_html(self.intro),
            url=page_url(self),
            sections=tuple(sections),
            partnership=partnership,
            published=self.first_published_at,
            updated=self.last_published_at,
        )
