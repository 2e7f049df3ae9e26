from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .. import languages
from ..images import ImageBank, image_item
from ..items import Item, Kind
from ..links import absolute_url
from ..lists import COUNTRY_CHOICES
from ..publishing_checks import alt_text_message, missing_alt_text


@register_snippet
class SmeTool(TranslatableMixin, index.Indexed, models.Model):
    """A tool the partnership offers its SMEs (e-learning platform, handbook, …).
    Translatable: each locale has its own row, tied by ``translation_key``."""

    name = models.CharField(max_length=255)
    description = models.TextField()
    url = models.URLField("link", blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("url"),
              FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = "SME tool"

    def __str__(self):
        return self.name

    def as_item(self) -> Item:
        return Item(
            kind=Kind.SME_TOOL,
            id=f"clusterpost:smetool:{self.pk}",
            title=self.name,
            summary=self.description,
            body=(),
            url=absolute_url(self.url),
            published=self.created_at,
            updated=self.updated_at or self.created_at,
        )


@register_snippet
class MemberCluster(TranslatableMixin, index.Indexed, models.Model):
    """One of the partnership's member clusters (Lyonbiopole, Biocat, BioM, bioPmed).
    Translatable like SmeTool."""

    name = models.CharField(max_length=255)
    region = models.CharField(max_length=255, help_text="e.g. Auvergne-Rhône-Alpes")
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    logo = models.ForeignKey("cms.PartnershipImage", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    url = models.URLField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("region"), FieldPanel("country"),
              FieldPanel("logo"), FieldPanel("url"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.SearchField("region")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if missing_alt_text(self.logo):
            raise ValidationError({"logo": alt_text_message(self.logo)})

    def as_item(self, images: ImageBank | None = None) -> Item:
        """``images`` holds the logo when logos were loaded in bulk. The Item is in this
        row's language (its locale's): a translation's, or the default language's where
        a translated page falls back to the row itself. The callers give the row its
        locale (cms.models.loading, cms.translations.localized_rows): no query."""
        logo = images.get(self.logo_id) if images is not None else self.logo
        return Item(
            kind=Kind.MEMBER_CLUSTER,
            language=languages.primary_subtag(self.locale.language_code),
            id=f"clusterpost:member:{self.pk}",
            title=self.name,
            summary=self.region,
            body=(),
            url=absolute_url(self.url),
            published=self.created_at,
            updated=self.updated_at or self.created_at,
            image=image_item(logo, purposes=["card", "original"]),
            countries=(self.country,),
            location=self.region,
        )
