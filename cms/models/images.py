from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PartnershipImage(AbstractImage):
    """Wagtail image with a photo credit. ``description`` is the alt text."""

    credit = models.CharField(
        max_length=255, blank=True, help_text="Photographer or source, shown with the image."
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    @property
    def alt_text(self) -> str:
        return (self.description or "").strip()


class PartnershipRendition(AbstractRendition):
    image = models.ForeignKey(
        PartnershipImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
