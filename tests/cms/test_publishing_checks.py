"""What the editor sees before publishing: blocking errors and non-blocking warnings."""

from datetime import date, time
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import (
    ActivityNewsIndexPage,
    ActivityNewsPage,
    EventIndexPage,
    EventPage,
    InterviewPage,
    IssuePage,
    PartnershipImage,
)
from cms.publishing_checks import issue_warnings
from tests.support.issue_forms import issue_form_data

pytestmark = pytest.mark.django_db


def make_image(description=""):
    buffer = BytesIO()
    PILImage.new("RGB", (64, 36), (20, 80, 120)).save(buffer, format="PNG")
    image = PartnershipImage(title="Untitled photo", description=description)
    image.file = ImageFile(buffer, name="photo.png")
    image.save()
    return image


def article_form(image=None, body_image=None, publish=True, **extra):
    body = [("paragraph", rich_text("<p>The platform is live.</p>"))]
    if body_image is not None:
        body.append(("image", {"image": body_image.pk, "caption": "At the launch"}))
    data = {
        "title": "Platform launched", "slug": "platform-launched", "activity_kind": "other",
        "location": "", "summary": "A new platform.", "body": streamfield(body),
        "ecosystem": "Health", "sectors": "", "countries": "",
        "tags": "", "eccp_teaser": "", "author": "",
        "image": image.pk if image else "",
        **extra,
    }
    if publish:
        data["action-publish"] = "publish"
    return nested_form_data(data)


def add_url(parent, model):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label,
                                                   model._meta.model_name, parent.pk))


# --- alt text ---------------------------------------------------------------------------

def test_hero_image_without_alt_text_blocks_publishing(admin_client, demo_issue):
    parent = ActivityNewsIndexPage.objects.get()
    response = admin_client.post(add_url(parent, ActivityNewsPage),
                                 article_form(image=make_image()))
    assert response.status_code == 200  # the form again, with the error
    assert "has no alt text" in response.content.decode()
    assert not ActivityNewsPage.objects.filter(slug="platform-launched").exists()


def test_body_image_without_alt_text_blocks_publishing(admin_client, demo_issue):
    parent = ActivityNewsIndexPage.objects.get()
    response = admin_client.post(add_url(parent, ActivityNewsPage),
                                 article_form(body_image=make_image()))
    assert response.status_code == 200
    form = response.context["form"]
    assert "body" in form.errors
    error = form.errors.as_data()["body"][0]
    # the message is on the image block itself (index 1 of the body)
    assert "has no alt text" in str(error.block_errors[1].block_errors["image"].messages)
    assert not ActivityNewsPage.objects.filter(slug="platform-launched").exists()


def test_image_without_alt_text_does_not_block_a_draft(admin_client, demo_issue):
    parent = ActivityNewsIndexPage.objects.get()
    response = admin_client.post(add_url(parent, ActivityNewsPage),
                                 article_form(image=make_image(), publish=False))
    assert response.status_code == 302
    page = ActivityNewsPage.objects.get(slug="platform-launched")
    assert not page.live


def test_images_with_alt_text_publish(admin_client, demo_issue):
    parent = ActivityNewsIndexPage.objects.get()
    image = make_image("Two people shaking hands")
    response = admin_client.post(add_url(parent, ActivityNewsPage),
                                 article_form(image=image, body_image=image))
    assert response.status_code == 302
    assert ActivityNewsPage.objects.get(slug="platform-launched").live


def test_model_clean_checks_every_image_field_outside_the_admin(demo_issue):
    interview = InterviewPage.objects.get()
    interview.portrait = make_image()
    with pytest.raises(ValidationError) as excinfo:
        interview.full_clean()
    assert "has no alt text" in excinfo.value.message_dict["portrait"][0]
    interview.portrait = make_image("Portrait of the interviewee")
    body = list(interview.body.raw_data)
    body.append({"type": "image", "value": {"image": make_image().pk, "caption": ""}})
    interview.body = body
    with pytest.raises(ValidationError) as excinfo:
        interview.full_clean()
    assert "has no alt text" in excinfo.value.message_dict["body"][0]


# --- events -----------------------------------------------------------------------------

def event(**fields):
    defaults = dict(title="Webinar", slug="webinar", event_kind="webinar", summary="x",
                    start_date=date(2017, 1, 24), start_time=time(9), timezone="Europe/London")
    defaults.update(fields)
    return EventPage(**defaults)


def test_end_before_start_is_an_error_on_the_end_field():
    with pytest.raises(ValidationError) as excinfo:
        event(end_date=date(2017, 1, 23)).clean()
    assert excinfo.value.message_dict == {"end_date": ["The event ends before it starts."]}
    with pytest.raises(ValidationError) as excinfo:
        event(end_time=time(8, 30)).clean()
    assert excinfo.value.message_dict == {"end_time": ["The event ends before it starts."]}
    event(end_time=time(10)).clean()  # fine


def test_end_before_start_shows_in_the_admin(admin_client, demo_issue):
    parent = EventIndexPage.objects.get()
    data = nested_form_data({
        "title": "Webinar", "slug": "webinar-2", "event_kind": "webinar",
        "start_date": "2017-02-10", "start_time": "10:00", "end_date": "2017-02-09",
        "end_time": "", "timezone": "Europe/London", "venue": "", "city": "", "country": "",
        "online_url": "", "registration_url": "", "organiser": "", "contact": "",
        "summary": "x", "image": "", "body": streamfield([]), "ecosystem": "Health",
        "sectors": "", "countries": "", "tags": "",
        "eccp_teaser": "", "author": "", "action-publish": "publish"})
    response = admin_client.post(add_url(parent, EventPage), data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The event ends before it starts."]


# --- issue warnings ---------------------------------------------------------------------

def test_demo_issue_has_no_warnings(demo_issue):
    assert demo_issue.editor_warnings() == []


def test_past_event_under_upcoming_gives_a_warning(demo_issue):
    past = EventPage.objects.get(slug="trade-mission-japan-osaka-biojapan-2016")
    # The seed's typo: the Barcelona workshop dated 2016 inside a January 2017 issue.
    barcelona = EventPage.objects.get(slug__startswith="canada-europe")
    barcelona.start_date, barcelona.end_date = date(2016, 4, 3), date(2016, 4, 6)
    barcelona.save_revision().publish()
    demo_issue.refresh_from_db()
    warnings = demo_issue.editor_warnings()
    assert len(warnings) == 1
    assert "Canada cluster matchmaking event in BES 2017" in warnings[0]
    assert "6 April 2016" in warnings[0] and "Upcoming activities" in warnings[0]
    # the same past event in "News about our activities" is fine
    assert all(past.title not in w for w in warnings)


def test_event_ending_before_now_on_the_issue_date_is_past(demo_issue):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # On 24 January 2017 at noon, the 9:00 webinar is over.
    noon = datetime(2017, 1, 24, 12, tzinfo=ZoneInfo("Europe/Brussels"))
    demo_issue.issue_date = date(2017, 1, 24)
    warnings = issue_warnings(demo_issue, now=noon)
    assert len(warnings) == 1 and "Clinical Trials Webinar" in warnings[0]
    # ... but at 8:00 that morning it is still upcoming
    early = datetime(2017, 1, 24, 8, tzinfo=ZoneInfo("Europe/London"))
    assert issue_warnings(demo_issue, now=early) == []


def test_unpublished_page_in_a_section_gives_a_warning(demo_issue):
    from cms.models import SuccessStoryPage

    assert demo_issue.unpublished_pages() == []

    medigene = SuccessStoryPage.objects.get(slug="medigene-ag")
    medigene.unpublish()
    demo_issue.refresh_from_db()
    assert [p.pk for p in demo_issue.unpublished_pages()] == [medigene.pk]
    warnings = demo_issue.editor_warnings()
    assert len(warnings) == 1 and "“Medigene AG”" in warnings[0]
    assert "not published" in warnings[0]
    # and it is left out of what goes out
    titles = [i.title for s in demo_issue.as_issue().sections for i in s.items]
    assert "Medigene AG" not in titles


def test_edit_view_lists_the_warnings_in_a_panel(admin_client, demo_issue):
    url = reverse("wagtailadmin_pages:edit", args=(demo_issue.pk,))
    html = admin_client.get(url).content.decode()
    assert "Before you send" in html and "No problems found" in html

    from cms.models import SuccessStoryPage

    SuccessStoryPage.objects.get(slug="leukocare-ag").unpublish()
    html = admin_client.get(url).content.decode()
    assert "1 thing to check before you send this issue" in html
    assert "LEUKOCARE AG" in html


def test_saving_an_issue_with_problems_shows_warning_messages(rf, admin_user, demo_issue):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from cms.wagtail_hooks import warn_about_issue_problems

    toronto = EventPage.objects.get(slug="toronto-health-innovation-week-2017")
    toronto.start_date, toronto.end_date = date(2016, 4, 3), date(2016, 4, 7)
    toronto.save_revision().publish()
    request = rf.post("/admin/pages/1/edit/")
    request.user = admin_user
    request.session = {}
    request._messages = FallbackStorage(request)
    assert warn_about_issue_problems(request, IssuePage.objects.get(pk=demo_issue.pk)) is None
    shown = [(m.level_tag, str(m)) for m in get_messages(request)]
    assert len(shown) == 1
    assert shown[0][0] == "warning" and "Toronto Health Innovation Week" in shown[0][1]


def test_publishing_an_issue_with_a_past_event_warns_but_publishes(admin_client, demo_issue):
    toronto = EventPage.objects.get(slug="toronto-health-innovation-week-2017")
    toronto.start_date, toronto.end_date = date(2016, 4, 3), date(2016, 4, 7)
    toronto.save_revision().publish()
    data = issue_form_data(demo_issue, subject="Edited subject")
    data["action-publish"] = "publish"
    url = reverse("wagtailadmin_pages:edit", args=(demo_issue.pk,))
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert any(level == "warning" and "Toronto Health Innovation Week" in text
               for level, text in shown), shown
    demo_issue.refresh_from_db()
    assert demo_issue.live and not demo_issue.has_unpublished_changes
    assert demo_issue.subject == "Edited subject"


def test_member_cluster_logo_needs_alt_text(demo_issue):
    from cms.models import MemberCluster

    member = MemberCluster.objects.get(name="Biocat")
    member.full_clean()
    member.logo = make_image()
    with pytest.raises(ValidationError) as excinfo:
        member.full_clean()
    assert "has no alt text" in excinfo.value.message_dict["logo"][0]
