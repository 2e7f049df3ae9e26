"""Wagtail images -> plain ``cms.items.Image`` with the renditions every channel uses."""

import mimetypes
from collections.abc import Iterable

from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .items import Image, Rendition
from .links import absolute_url

# purpose -> Wagtail filter spec
RENDITIONS = {
    "email": "width-1200",  # shown at 600 px wide: sharp on high-density screens
    "card": "fill-800x450-c100",
    "eccp": "fill-1600x600-c100",  # the ECCP hero format, cropped around the focal point
    "original": "original",
}
# One Filter per spec, parsed once: Wagtail caches a Filter's parsed operations on it.
_FILTERS = {purpose: Filter(spec=spec) for purpose, spec in RENDITIONS.items()}


class ImageBank:
    """Images by primary key, each with its renditions prefetched: two queries for any
    number of images (Wagtail's ``prefetch_renditions()``), instead of one per image
    and one per rendition. ``get()`` of an unknown or deleted image is None."""

    def __init__(self, images: Iterable = ()):
        self._by_pk = {image.pk: image for image in images}

    @classmethod
    def load(cls, pks: Iterable[int | None]) -> "ImageBank":
        wanted = {pk for pk in pks if pk is not None}
        if not wanted:
            return cls()
        return cls(get_image_model().objects.filter(pk__in=wanted).order_by()
                   .prefetch_renditions(*RENDITIONS.values()))

    def get(self, pk: int | None):
        return self._by_pk.get(pk)


def _rendition(rendition) -> Rendition:
    file = rendition.file  # the descriptor builds a new FieldFile on every access
    name = file.name
    try:
        length = file.size
    except OSError:
        length = 0
    return Rendition(
        url=absolute_url(file.url),
        width=rendition.width,
        height=rendition.height,
        mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        length=length,
        path=name,
    )


def image_item(image, caption: str = "", purposes=None) -> Image | None:
    """Build the plain Image for a PartnershipImage (None stays None)."""
    if image is None:
        return None
    purposes = purposes or RENDITIONS.keys()
    renditions = image.get_renditions(*(_FILTERS[p] for p in purposes))
    return Image(
        alt=image.alt_text,
        credit=image.credit,
        caption=caption,
        renditions={p: _rendition(renditions[RENDITIONS[p]]) for p in purposes},
    )
