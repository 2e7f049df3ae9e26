from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .. import issue_cache, languages
from ..admin_panels import IssueChecksPanel
from ..blocks import IssueSectionsBlock
from ..items import Issue
from ..previews import ChannelPreviewMixin
from ..publishing_checks import issue_warnings
from .generation import ContentGeneration, pending
from .loading import load_issues


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
        IssueChecksPanel(heading=gettext_lazy("Before you send")),
        FieldPanel("issue_date"), FieldPanel("subject"), FieldPanel("preheader"),
        FieldPanel("intro"), FieldPanel("sections"),
    ]
    parent_page_types = ["cms.IssueIndexPage"]
    subpage_types = []
    template = "cms/issue_page.html"

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
        """The plain Issue, in the issue's language: in a translated issue, each chosen
        article's live translation, or the article itself where it has none (its Item
        keeps its own language). Loaded in a bounded number of queries
        (cms.models.loading). Drafts are left out of what goes out (their URLs would 404)
        unless include_drafts is set.

        The live page as stored is served from cms.issue_cache (one query for the content
        generation); drafts, previews and revisions load afresh."""
        def load() -> Issue:
            return load_issues([self], include_drafts=include_drafts)[0]

        if include_drafts or not self.live or self.has_unpublished_changes \
                or not issue_cache.enabled():
            return load()
        using = self._state.db or "default"
        key = (self.pk, get_language(), languages.default(), settings.SITE_URL,
               ContentGeneration.current(using))
        return issue_cache.get_or_load(key, load, store=not pending(using))
