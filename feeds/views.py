"""HTTP views for feeds: RSS 2.0, Atom, iCal and the human-readable Feeds page."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import condition, require_safe

from cms.models import EventPage

from .ical import event_ics as build_event_ics
from .ical import ics_filename

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _live_event(page_id: int) -> EventPage:
    page = EventPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404("No such event.")
    return page


def _event_last_modified(request, page_id: int):
    page = EventPage.objects.live().public().filter(pk=page_id).only("last_published_at").first()
    return page.last_published_at if page else None


@require_safe
@condition(last_modified_func=_event_last_modified)
def event_ics(request, page_id: int):
    """One live, public event as an .ics file (the email's "Add to calendar" link)."""
    item = _live_event(page_id).as_item()
    response = HttpResponse(build_event_ics(item), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(item)}"'
    response["Cache-Control"] = "public, max-age=300"
    return response
