"""What an editor is told before publishing.

Errors block publishing (a draft may still be saved):
- an image without alt text, whether in an image field (hero image, portrait) or in a
  body StreamField; the error sits on the field or on the very image block.

Warnings never block; they show on the issue's edit view (the "Before you send" panel)
and as messages after each save or publish (``cms.wagtail_hooks``):
- a past event under "Upcoming activities";
- pages chosen in a section that are not published (they are left out of every channel).
"""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from . import presentation


def alt_text_message(image) -> str:
    return _("The image “%(title)s” has no alt text. Add a description to the image "
             "(Images → edit → Description) before publishing.") % {"title": image.title}


def _editor_day(value) -> str:
    """A date in the editor's admin language: '24 January 2017', '24 janvier 2017'."""
    return presentation.day(value, translation.get_language() or settings.LANGUAGE_CODE)


def missing_alt_text(image) -> bool:
    return image is not None and not (image.description or "").strip()


def alt_text_errors(image_fields: dict, body=None) -> dict[str, ValidationError]:
    """``{field name: error}`` for every image without alt text.

    image_fields maps field names to images (or None); body is a StreamValue whose
    ``image`` blocks are checked. Body errors are a StreamBlockValidationError so that
    the admin shows each message on its own image block."""
    errors: dict[str, ValidationError] = {}
    for name, image in image_fields.items():
        if missing_alt_text(image):
            errors[name] = ValidationError(alt_text_message(image), code="missing_alt_text")
    block_errors = {}
    for index, child in enumerate(body or []):
        if child.block_type == "image" and missing_alt_text(child.value.get("image")):
            block_errors[index] = StructBlockValidationError(block_errors={
                "image": ValidationError(alt_text_message(child.value["image"]),
                                         code="missing_alt_text")})
    if block_errors:
        errors["body"] = StreamBlockValidationError(block_errors=block_errors)
    return errors


def plain_messages(errors: dict[str, ValidationError]) -> dict[str, list[str]]:
    """The same errors as plain messages, for Model.clean() outside the admin."""
    out = {}
    for name, error in errors.items():
        if isinstance(error, StreamBlockValidationError):
            out[name] = [message for block_error in error.block_errors.values()
                         for child in block_error.block_errors.values()
                         for message in child.messages]
        else:
            out[name] = error.messages
    return out


def issue_reference_moment(issue_date, now=None):
    """The moment an issue's "Upcoming activities" are judged against: the start of the
    issue date (site time zone), or now on the issue date itself and for an issue whose
    date has come while it is still being prepared."""
    now = now or timezone.now()
    start = timezone.make_aware(datetime.combine(issue_date, time.min))
    if issue_date == timezone.localdate(now):
        return now
    return start


def issue_warnings(issue, now=None) -> list[str]:
    """Warnings for an IssuePage: past events under "Upcoming activities" and chosen
    pages that are not published."""
    from cms.models import EventPage

    warnings = []
    reference = issue_reference_moment(issue.issue_date, now)
    for section in issue.sections:
        if section.block_type == "about":
            continue
        title = section.value.get("title") or section.block.label
        for chosen in section.value.get("items") or []:
            if chosen is None:
                continue
            page = getattr(chosen, "specific", chosen)
            if (section.block_type == "upcoming" and isinstance(page, EventPage)
                    and page.start_date and page.local_end < reference):
                warnings.append(_(
                    "“%(page)s” is listed under “%(section)s” but it ended on %(ended)s, "
                    "before this issue's date (%(issue_date)s). Check the event's dates or "
                    "move it to another section.") % {
                        "page": page.title, "section": title,
                        "ended": _editor_day(page.local_end.date()),
                        "issue_date": _editor_day(issue.issue_date)})
            if hasattr(chosen, "live") and not chosen.live:
                warnings.append(_(
                    "“%(page)s” in “%(section)s” is not published: it is left out of the "
                    "email, the feeds and the web version until you publish it.")
                    % {"page": page.title, "section": title})
    return warnings
