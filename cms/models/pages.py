from datetime import datetime, time
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..admin_forms import ArticlePageForm
from ..blocks import (
    ArticleBodyBlock,
    InterviewBodyBlock,
    body_blocks,
    body_image_ids,
    body_richtext_sources,
)
from ..images import ImageBank, image_item
from ..items import Agreement, EventInfo, Item, Kind, Person, Quote
from ..links import absolute_url, page_url
from ..list_field import ListField
from ..lists import (
    COUNTRY_CHOICES,
    COUNTRY_NAMES,
    EMERGING_INDUSTRIES,
    EVENT_AUDIENCES,
    INDUSTRIAL_ECOSYSTEMS,
    country_name,
)
from ..previews import ChannelPreviewMixin
from ..publishing_checks import alt_text_errors, plain_messages

TIMEZONE_CHOICES = [(name, name) for name in sorted(available_timezones())
                    if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))]
TIMEZONE_CHOICES.append(("UTC", "UTC"))


class HomePage(Page):
    """The site root: the latest issue and the latest articles."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "cms.IssueIndexPage", "cms.InterviewIndexPage", "cms.SuccessStoryIndexPage",
        "cms.GatewayNewsIndexPage", "cms.ActivityNewsIndexPage", "cms.EventIndexPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .issue import IssuePage

        context = super().get_context(request, *args, **kwargs)
        # This home page's language only: each language has its own home page.
        context["latest_issue"] = (IssuePage.objects.live().public().filter(locale=self.locale_id)
                                   .order_by("-issue_date").first())
        context["latest_articles"] = [
            page.specific for page in Page.objects.live().public().filter(locale=self.locale_id).type(
                InterviewPage, SuccessStoryPage, GatewayNewsPage, ActivityNewsPage)
            .order_by("-first_published_at")[:6]
        ]
        events = EventPage.objects.live().public().filter(locale=self.locale_id)
        context["upcoming_events"] = events.upcoming()[:5]
        # Nothing ahead (e.g. the 2017 demo): show the latest past events instead.
        context["recent_events"] = ([] if context["upcoming_events"]
                                    else events.past()[:3])
        return context


class ListingPage(Page):
    """An index that lists its live children, newest first, with pagination."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    template = "cms/listing_page.html"

    class Meta:
        abstract = True

    def listing_queryset(self):
        return self.get_children().live().public().specific().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.listing_queryset(), self.per_page)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        return context


def default_emerging_industries() -> list[str]:
    return ["Biopharmaceuticals"]


class ArticlePage(ChannelPreviewMixin, Page):
    """Fields every article shares: teaser, hero image, body and classification."""

    summary = models.TextField(help_text="Teaser: one or two sentences, shown in lists, "
                                         "emails and feeds.")
    image = models.ForeignKey("cms.PartnershipImage", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    author = models.CharField(max_length=255, blank=True,
                              help_text="Defaults to the partnership's name.")
    ecosystem = models.CharField("industrial ecosystem", max_length=64, default="Health",
                                 choices=[(e, e) for e in INDUSTRIAL_ECOSYSTEMS])
    emerging_industries = ListField(
        blank=True, vocabulary=EMERGING_INDUSTRIES, default=default_emerging_industries)
    sectors = ListField(blank=True, help_text="Comma-separated, e.g. Biotech, Medtech")
    countries = ListField(blank=True, help_text="Comma-separated ISO 3166 codes, e.g. JP, DE")
    tags = ListField(blank=True, help_text="Comma-separated")
    eccp_teaser = models.TextField(
        "ECCP teaser", blank=True, max_length=300,
        help_text="Your own teaser for the ECCP (300 characters at most). "
                  "Empty: the summary, cut at a word boundary.")

    classification_panels = [
        FieldPanel("ecosystem"), FieldPanel("emerging_industries"), FieldPanel("sectors"),
        FieldPanel("countries"), FieldPanel("tags"), FieldPanel("eccp_teaser"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    base_form_class = ArticlePageForm

    kind: str = ""
    label: str = ""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        codes = [code.upper() for code in self.countries or ()]
        unknown = [code for code in codes if code not in COUNTRY_NAMES]
        if unknown:
            errors["countries"] = f"Not ISO 3166 country codes: {', '.join(unknown)}"
        else:
            self.countries = codes
        if not getattr(self, "_alt_text_checked", False):
            # Outside the admin (which checks alt text itself, on publishing only).
            errors.update(plain_messages(self.alt_text_errors()))
        if errors:
            raise ValidationError(errors)

    #: The image fields that need alt text before publishing (body images are always checked).
    image_fields = ("image",)
    #: Joined when pages are loaded in bulk for their Items (cms.models.loading).
    item_select_related = ("locale",)

    def alt_text_errors(self, values: dict | None = None) -> dict:
        """Images without alt text, as {field: error}. ``values`` overrides the page's
        own field values (the admin form passes its cleaned data)."""
        values = values or {}
        images = {name: values.get(name, getattr(self, name, None)) for name in self.image_fields}
        return alt_text_errors(images, values.get("body", getattr(self, "body", None)))

    def item_image_ids(self) -> set[int]:
        """Every image the page's Item shows: its image fields and its body's images."""
        ids = {getattr(self, f"{name}_id") for name in self.image_fields}
        return {pk for pk in ids if pk is not None} | body_image_ids(getattr(self, "body", None))

    def item_richtext_sources(self) -> list[str]:
        """The stored rich text the page's Item shows (for cms.page_links)."""
        return body_richtext_sources(getattr(self, "body", None))

    def item_fields(self, images: ImageBank | None = None) -> dict:
        """The Item fields every article shares; subclasses add their own in as_item().
        ``images`` holds the page's images when they were loaded in bulk; without it,
        they are loaded here in two queries."""
        if images is None:
            images = ImageBank.load(self.item_image_ids())
        published = self.first_published_at or self.latest_revision_created_at or timezone.now()
        updated = self.last_published_at or published
        return {
            "kind": self.kind,
            "id": f"clusterpost:page:{self.pk}",
            "title": self.title,
            "summary": self.summary,
            "url": page_url(self),
            "published": published,
            "updated": max(updated, published),
            "language": _primary_language(self),
            "author": self.author or _partnership_name(),
            "image": image_item(images.get(self.image_id)),
            "ecosystem": self.ecosystem,
            "emerging_industries": tuple(self.emerging_industries),
            "sectors": tuple(self.sectors),
            "countries": tuple(self.countries),
            "tags": tuple(self.tags),
            "eccp_teaser": self.eccp_teaser,
            "body": body_blocks(self.body, images),
        }

    def as_item(self, images: ImageBank | None = None) -> Item:
        return Item(**self.item_fields(images))

    def get_context(self, request, *args, **kwargs):
        """Templates show the same facts every channel gets: the page's Item."""
        context = super().get_context(request, *args, **kwargs)
        context["item"] = self.as_item()
        return context


def _primary_language(page) -> str:
    """The page's primary language subtag ("en" for the "en-gb" locale)."""
    code = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
    return (code or "en").split("-")[0].lower()


def _partnership_name() -> str:
    """The default author of articles: the default site's partnership name (cached; the
    cache entry is dropped when the settings are saved, see cms.signals)."""
    from .partnership import partnership_name

    return partnership_name()


class InterviewPage(ArticlePage):
    interviewee_name = models.CharField(max_length=255)
    interviewee_role = models.CharField(max_length=255, blank=True)
    interviewee_organisation = models.CharField(max_length=255, blank=True)
    portrait = models.ForeignKey("cms.PartnershipImage", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    body = StreamField(InterviewBodyBlock(), use_json_field=True,
                       help_text="Numbered questions and answers; numbers follow the order.")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("interviewee_name"), FieldPanel("interviewee_role"),
                         FieldPanel("interviewee_organisation"), FieldPanel("portrait")],
                        heading=gettext_lazy("Interviewee")),
        FieldPanel("summary", heading=gettext_lazy("Standfirst")),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(ArticlePage.classification_panels, heading=gettext_lazy("Classification"))]
    parent_page_types = ["cms.InterviewIndexPage"]
    subpage_types = []
    template = "cms/interview_page.html"
    kind, label = Kind.INTERVIEW, "Interview"

    image_fields = ("image", "portrait")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number, numbered = 0, []
        for block in self.body:
            if block.block_type == "qa":
                number += 1
            numbered.append((block, number if block.block_type == "qa" else None))
        context["numbered_body"] = numbered
        return context

    def as_item(self, images: ImageBank | None = None) -> Item:
        images = images if images is not None else ImageBank.load(self.item_image_ids())
        fields = self.item_fields(images)
        fields["person"] = Person(self.interviewee_name, self.interviewee_role,
                                  self.interviewee_organisation)
        if fields["image"] is None:
            fields["image"] = image_item(images.get(self.portrait_id))
        return Item(**fields)


class SuccessStoryPage(ArticlePage):
    company = models.CharField(max_length=255)
    city = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True)
    sector = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(
        max_length=255, blank=True,
        help_text='The result in one line, e.g. "Distribution agreement signed; expects '
                  '€1.2M revenue from Japan by 2020"')
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    quote_text = models.TextField("quote", blank=True)
    quote_name = models.CharField("quoted person", max_length=255, blank=True)
    quote_role = models.CharField("role", max_length=255, blank=True)
    quote_organisation = models.CharField("organisation", max_length=255, blank=True)
    related_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The mission or event this success came from.")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("company"), FieldRowPanel([FieldPanel("city"),
                                                               FieldPanel("country")]),
                         FieldPanel("sector")], heading=gettext_lazy("Company")),
        FieldPanel("summary"),
        FieldPanel("outcome"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("quote_text"), FieldPanel("quote_name"),
                         FieldPanel("quote_role"), FieldPanel("quote_organisation")],
                        heading=gettext_lazy("Quote (optional)")),
        FieldPanel("related_page", heading=gettext_lazy("From the mission or event")),
    ]
    promote_panels = InterviewPage.promote_panels
    parent_page_types = ["cms.SuccessStoryIndexPage"]
    subpage_types = []
    template = "cms/success_story_page.html"
    kind, label = Kind.SUCCESS_STORY, "SME success story"
    item_select_related = ("locale", "related_page")

    def clean(self):
        super().clean()
        if self.quote_text and not self.quote_name:
            raise ValidationError({"quote_name": "A quote needs the name of the person quoted."})

    def as_item(self, images: ImageBank | None = None) -> Item:
        fields = self.item_fields(images)
        fields["company"] = self.company
        fields["outcome"] = self.outcome
        fields["location"] = ", ".join(p for p in (self.city, country_name(self.country)) if p)
        if self.country and self.country not in fields["countries"]:
            fields["countries"] = (self.country, *fields["countries"])
        if self.sector and self.sector not in fields["sectors"]:
            fields["sectors"] = (self.sector, *fields["sectors"])
        if self.quote_text:
            fields["quote"] = Quote(self.quote_text, Person(
                self.quote_name, self.quote_role, self.quote_organisation or self.company))
        if self.related_page_id and self.related_page.live:
            fields["related_url"] = page_url(self.related_page)
        return Item(**fields)


class EventQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        return self.filter(end_utc__gte=now or timezone.now()).order_by("start_utc")

    def past(self, now=None):
        return self.filter(end_utc__lt=now or timezone.now()).order_by("-start_utc")


class EventPage(ArticlePage):
    # English, marked for the catalogues: readers see them through
    # cms.presentation.item_label, in the page's language.
    KIND_CHOICES = [
        ("matchmaking", _("Matchmaking event")), ("trade_mission", _("Trade mission")),
        ("webinar", _("Webinar")), ("conference", _("Conference")), ("workshop", _("Workshop")),
        ("fair", _("Fair")),
    ]
    event_kind = models.CharField("kind", max_length=32, choices=KIND_CHOICES)
    # Stored as local date and time in the event's own time zone, as editors read them
    # on the invitation; start_utc/end_utc are derived on save for ordering and queries.
    start_date = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text="Empty for all-day events.")
    end_date = models.DateField(null=True, blank=True, help_text="Empty: same day.")
    end_time = models.TimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, choices=TIMEZONE_CHOICES, default="Europe/Brussels")
    start_utc = models.DateTimeField(editable=False, db_index=True, null=True)
    end_utc = models.DateTimeField(editable=False, db_index=True, null=True)
    venue = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True)
    online_url = models.URLField(blank=True, help_text="For webinars and online events.")
    registration_url = models.URLField(blank=True)
    organiser = models.CharField(max_length=255, blank=True)
    contact = models.CharField(max_length=255, blank=True, help_text="Name and/or email")
    audience = ListField("target audience", blank=True, vocabulary=EVENT_AUDIENCES)
    body = StreamField(ArticleBodyBlock(), use_json_field=True, blank=True)

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("event_kind"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
            FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            FieldPanel("timezone"),
        ], heading=gettext_lazy("When (local time at the event)")),
        MultiFieldPanel([FieldPanel("venue"), FieldRowPanel([FieldPanel("city"),
                                                             FieldPanel("country")]),
                         FieldPanel("online_url")], heading=gettext_lazy("Where")),
        MultiFieldPanel([FieldPanel("registration_url"), FieldPanel("organiser"),
                         FieldPanel("contact"), FieldPanel("audience")],
                        heading=gettext_lazy("Registration")),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    promote_panels = InterviewPage.promote_panels
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types = []
    template = "cms/event_page.html"
    kind, label = Kind.EVENT, "Event"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone or settings.TIME_ZONE)

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def local_start(self) -> datetime:
        return datetime.combine(self.start_date, self.start_time or time.min, tzinfo=self.tzinfo)

    @property
    def local_end(self) -> datetime:
        end_date = self.end_date or self.start_date
        if self.end_time is not None:
            return datetime.combine(end_date, self.end_time, tzinfo=self.tzinfo)
        if self.start_time is not None and end_date == self.start_date:
            return self.local_start  # a moment, e.g. a deadline
        return datetime.combine(end_date, time.max.replace(microsecond=0), tzinfo=self.tzinfo)

    @property
    def is_upcoming(self) -> bool:
        return self.local_end >= timezone.now()

    def clean(self):
        super().clean()
        if self.timezone not in dict(TIMEZONE_CHOICES):
            raise ValidationError({"timezone": f"Unknown time zone {self.timezone!r}."})
        if self.start_date and self.local_end < self.local_start:
            field = "end_time" if (self.end_date or self.start_date) == self.start_date \
                else "end_date"
            raise ValidationError({field: "The event ends before it starts."})

    def save(self, *args, **kwargs):
        if self.start_date:
            self.start_utc = self.local_start.astimezone(ZoneInfo("UTC"))
            self.end_utc = self.local_end.astimezone(ZoneInfo("UTC"))
        super().save(*args, **kwargs)

    def as_item(self, images: ImageBank | None = None) -> Item:
        fields = self.item_fields(images)
        if self.country and self.country not in fields["countries"]:
            fields["countries"] = (self.country, *fields["countries"])
        fields["location"] = ", ".join(p for p in (self.city, country_name(self.country)) if p)
        fields["event"] = self.event_info()
        return Item(**fields)

    def event_info(self) -> EventInfo:
        """The event's facts, from its own fields only (no query): also shown by the
        news items that link to it."""
        return EventInfo(
            start=self.local_start,
            end=self.local_end,
            timezone=self.timezone,
            kind=self.event_kind,
            kind_label=self.get_event_kind_display(),
            venue=self.venue,
            city=self.city,
            country=self.country,
            country_name=country_name(self.country),
            online_url=self.online_url,
            registration_url=self.registration_url,
            organiser=self.organiser,
            contact=self.contact,
            # An unsaved event (a preview while creating it) has no calendar file yet.
            ics_url=absolute_url(f"/feeds/events/{self.pk}.ics") if self.pk else "",
            audience=tuple(self.audience),
            all_day=self.all_day,
        )


class GatewayNewsPage(ArticlePage):
    NEWS_KIND_CHOICES = [
        ("agreement", "New agreement"),
        ("planned_agreement", "Agreement to be signed"),
        ("gateway_activity", "Gateway's own activity"),
    ]
    AGREEMENT_CHOICES = [
        ("MoU", "Memorandum of understanding (MoU)"),
        ("Cooperation agreement", "Cooperation agreement"),
        ("Business development agreement", "Business development agreement"),
        ("Other", "Other"),
    ]
    news_kind = models.CharField(max_length=32, choices=NEWS_KIND_CHOICES, default="agreement")
    gateway_organisations = ListField(
        help_text="Comma-separated, e.g. BioSA, Health Industries South Australia")
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    region = models.CharField("region or city", max_length=255, blank=True)
    agreement_kind = models.CharField(max_length=64, choices=AGREEMENT_CHOICES, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    duration = models.CharField(max_length=100, blank=True, help_text='e.g. "two years"')
    event = models.ForeignKey("cms.EventPage", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              help_text="For a gateway's own activity: its event.")
    body = StreamField(ArticleBodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("news_kind"),
        MultiFieldPanel([FieldPanel("gateway_organisations"),
                         FieldRowPanel([FieldPanel("region"), FieldPanel("country")])],
                        heading=gettext_lazy("Gateway")),
        MultiFieldPanel([FieldPanel("agreement_kind"), FieldPanel("signed_on"),
                         FieldPanel("duration")], heading=gettext_lazy("Agreement")),
        FieldPanel("event"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    promote_panels = InterviewPage.promote_panels
    parent_page_types = ["cms.GatewayNewsIndexPage"]
    subpage_types = []
    template = "cms/gateway_news_page.html"
    kind, label = Kind.GATEWAY_NEWS, "Gateway news"
    item_select_related = ("locale", "event")

    def as_item(self, images: ImageBank | None = None) -> Item:
        fields = self.item_fields(images)
        if self.country not in fields["countries"]:
            fields["countries"] = (self.country, *fields["countries"])
        fields["location"] = ", ".join(p for p in (self.region, country_name(self.country)) if p)
        if self.news_kind in ("agreement", "planned_agreement") and self.agreement_kind:
            fields["agreement"] = Agreement(
                kind=self.agreement_kind,
                organisations=tuple(self.gateway_organisations),
                signed_on=self.signed_on,
                duration=self.duration,
            )
        if self.event_id and self.event.live:
            fields["related_url"] = page_url(self.event)
            fields["event"] = self.event.event_info()
        return Item(**fields)


class ActivityNewsPage(ArticlePage):
    ACTIVITY_CHOICES = [
        ("matchmaking", "Matchmaking event"), ("trade_mission", "Trade mission"),
        ("platform_launch", "Platform launch"), ("other", "Other"),
    ]
    activity_kind = models.CharField(max_length=32, choices=ACTIVITY_CHOICES)
    location = models.CharField(max_length=255, blank=True, help_text='e.g. "Cologne, Germany"')
    event = models.ForeignKey("cms.EventPage", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    body = StreamField(ArticleBodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("activity_kind"), FieldPanel("location"), FieldPanel("event"),
        FieldPanel("summary"), FieldPanel("image"), FieldPanel("body"),
    ]
    promote_panels = InterviewPage.promote_panels
    parent_page_types = ["cms.ActivityNewsIndexPage"]
    subpage_types = []
    template = "cms/activity_news_page.html"
    kind, label = Kind.ACTIVITY_NEWS, "Activity news"
    item_select_related = ("locale", "event")

    def as_item(self, images: ImageBank | None = None) -> Item:
        fields = self.item_fields(images)
        fields["location"] = self.location
        if self.event_id and self.event.live:
            fields["related_url"] = page_url(self.event)
            fields["event"] = self.event.event_info()
        return Item(**fields)


class InterviewIndexPage(ListingPage):
    subpage_types = ["cms.InterviewPage"]
    max_count = 1
    template = "cms/listing_page.html"


class SuccessStoryIndexPage(ListingPage):
    subpage_types = ["cms.SuccessStoryPage"]
    max_count = 1
    template = "cms/listing_page.html"


class GatewayNewsIndexPage(ListingPage):
    subpage_types = ["cms.GatewayNewsPage"]
    max_count = 1
    template = "cms/listing_page.html"


class ActivityNewsIndexPage(ListingPage):
    subpage_types = ["cms.ActivityNewsPage"]
    max_count = 1
    template = "cms/listing_page.html"


class EventIndexPage(ListingPage):
    """Upcoming events first (soonest first), then past events (latest first)."""

    subpage_types = ["cms.EventPage"]
    max_count = 1
    template = "cms/event_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = Page.get_context(self, request, *args, **kwargs)
        events = EventPage.objects.child_of(self).live().public()
        context["upcoming"] = events.upcoming()
        context["page_obj"] = Paginator(events.past(), self.per_page).get_page(
            request.GET.get("page"))
        return context
