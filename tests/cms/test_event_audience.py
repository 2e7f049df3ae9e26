from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import EventPage, InterviewPage, PartnershipSettings
from cms.models.partnership import partnership_name


def test_event_audience_reaches_the_item(demo_issue):
    page = EventPage.objects.get(slug="canada-europe-cluster-matchmaking-bio-europe-spring-2017")
    assert page.as_item().event.audience == ("SMEs", "Cluster organisations")


def test_unknown_audience_is_an_error_on_its_field(demo_issue):
    page = EventPage.objects.get(slug="toronto-health-innovation-week-2017")
    page.audience = "SMEs, Aliens"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "Unknown values: Aliens." in error.value.message_dict["audience"][0]


def test_an_unsaved_event_has_no_calendar_link_yet(demo_issue):
    page = EventPage(title="Draft", slug="draft", summary="x", event_kind="webinar",
                     start_date=date(2031, 5, 1), timezone="Europe/Paris")
    assert page.as_item().event.ics_url == ""


def test_default_author_is_looked_up_once_and_follows_settings_changes(demo_issue):
    interview = InterviewPage.objects.get()
    interview.as_item()  # warm the cache
    with CaptureQueriesContext(connection) as queries:
        partnership_name()
    assert len(queries) == 0
    settings = PartnershipSettings.objects.get()
    settings.name = "bioXclusters plus alliance"
    settings.save()
    assert interview.as_item().author == "bioXclusters plus alliance"
