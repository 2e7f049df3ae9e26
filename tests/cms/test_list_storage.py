"""Lists are stored one way (cms/list_field.py): what old rows become, and that every
reader of a list still gets the same values."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given
from hypothesis import strategies as st

from cms.list_field import CommaListFormField, ListField, as_list, to_stored
from cms.models import EventPage, GatewayNewsPage, InterviewPage
from newsletter.campaigns.models import Campaign
from newsletter.subscribers.models import Subscriber

# Terms as editors type them: no surrounding spaces, no commas (the typed separator).
terms = st.builds("{} {}".format, st.text("aZé&(-)", min_size=1, max_size=8),
                  st.text("bY0ü/", min_size=1, max_size=8))


@given(st.lists(terms))
def test_a_list_survives_storage_in_order_without_duplicates(values):
    assert as_list(to_stored(values)) == list(dict.fromkeys(values))


@pytest.mark.parametrize(("old", "expected"), [
    ("DE, JP", ["DE", "JP"]),
    (",interview,event,", ["interview", "event"]),
    ("", []),
    ("Biotech,, Medtech , Biotech", ["Biotech", "Medtech"]),
    ('["a", "b"]', ["a", "b"]),
    ({"b": 1, "a": 0}, ["a", "b"]),
])
def test_every_older_form_reads_as_a_list(old, expected):
    assert as_list(old) == expected


def test_a_vocabulary_list_keeps_the_vocabulary_order_and_rejects_unknown_terms():
    field = ListField(vocabulary=["SMEs", "Investors", "Universities"])
    assert field.to_python(["Universities", "SMEs"]) == ["SMEs", "Universities"]
    with pytest.raises(Exception, match="Unknown values: Aliens"):
        field.clean(["SMEs", "Aliens"], None)


def test_forms_offer_checkboxes_for_vocabularies_and_comma_text_for_free_lists():
    audience = EventPage._meta.get_field("audience").formfield()
    assert [term for term, _label in audience.choices][:2] == ["SMEs", "Start-ups"]
    tags = InterviewPage._meta.get_field("tags").formfield()
    assert isinstance(tags, CommaListFormField)
    assert tags.prepare_value(["Japan", "SMEs"]) == "Japan, SMEs"
    assert tags.clean(" Japan,, SMEs ") == ["Japan", "SMEs"]


def test_the_page_editor_shows_and_saves_lists(admin_client, demo_issue):
    page = InterviewPage.objects.get()
    page.tags = ["Japan", "Biotech"]
    page.save_revision().publish()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert 'value="Japan, Biotech"' in response.content.decode()


def test_the_demo_lists_reach_items_and_feeds(demo_issue):
    event = EventPage.objects.get(slug="canada-europe-cluster-matchmaking-bio-europe-spring-2017")
    assert event.countries == ["ES", "CA"]
    item = event.as_item()
    assert item.countries == ("ES", "CA") and item.event.audience == (
        "SMEs", "Cluster organisations")
    news = GatewayNewsPage.objects.get(gateway_organisations__has_key="BioSA")
    assert news.as_item().agreement.organisations == ("BioSA", "Health Industries South Australia")


def test_an_old_revision_with_comma_strings_still_opens(demo_issue):
    page = EventPage.objects.get(slug="toronto-health-innovation-week-2017")
    revision = page.save_revision()
    revision.content.update(countries="CA, US", audience="SMEs, Investors")
    revision.save()
    old = revision.as_object()
    assert old.countries == ["CA", "US"] and old.audience == ["SMEs", "Investors"]


def test_topics_filter_uses_keys_on_every_backend(db):
    fans = Subscriber.objects.create(email="fan@example.org", status="confirmed",
                                     topics=["event", "interview"])
    Subscriber.objects.create(email="other@example.org", status="confirmed",
                              topics=["success_story"])
    assert list(Subscriber.objects.sendable(topics=["event"])) == [fans]
    assert Subscriber.objects.sendable(topics=["event", "success_story"]).count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT topics FROM subscribers_subscriber WHERE id = %s", [fans.pk])
        stored = cursor.fetchone()[0]
    assert as_list(stored) == ["interview", "event"]  # canonical order, as JSON keys


def _migrate(app, target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(app, target)])


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE page_ptr_id = %s"
                       if table.startswith("cms_") else
                       f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _set_raw(table, column, pk, value):
    key = "page_ptr_id" if table.startswith("cms_") else "id"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [value, pk])


@pytest.mark.django_db(transaction=True)
def test_migrations_convert_old_rows_both_ways(demo_issue):
    event = EventPage.objects.get(slug="toronto-health-innovation-week-2017")
    ada = Subscriber.objects.create(email="ada@example.org", status="confirmed",
                                    topics=["interview", "event"])
    nobody = Subscriber.objects.create(email="nobody@example.org", status="confirmed",
                                       topics=[])
    campaign = Campaign.objects.create(issue=demo_issue, topics=["event"])
    try:
        _migrate("cms", "0006_translatable_snippets_required")
        _migrate("subscribers", "0003_import_job")
        _migrate("campaigns", "0003_campaign_snapshot")
        assert _raw("cms_eventpage", "countries", event.pk) == "CA"
        assert _raw("cms_eventpage", "audience", event.pk) == (
            "SMEs, Large companies, Cluster organisations, Investors")  # vocabulary order
        assert _raw("subscribers_subscriber", "topics", ada.pk) == ",interview,event,"
        assert _raw("subscribers_subscriber", "topics", nobody.pk) == ""
        topics = _raw("campaigns_campaign", "topics", campaign.pk)
        assert (json.loads(topics) if isinstance(topics, str) else topics) == ["event"]
        # Rows as the old code wrote them.
        _set_raw("cms_eventpage", "countries", event.pk, "ca, US")
        _set_raw("cms_eventpage", "tags", event.pk, "Health,, Toronto ")
        _set_raw("subscribers_subscriber", "topics", ada.pk, ",success_story,gateway_news,")
    finally:
        call_command("migrate", verbosity=0)
    event = EventPage.objects.get(pk=event.pk)
    assert event.countries == ["ca", "US"] and event.tags == ["Health", "Toronto"]
    assert event.audience == ["SMEs", "Large companies", "Cluster organisations", "Investors"]
    assert Subscriber.objects.get(pk=ada.pk).topics == ["success_story", "gateway_news"]
    assert Subscriber.objects.get(pk=nobody.pk).topics == []
    assert list(Subscriber.objects.sendable(topics=["gateway_news"])) == [
        Subscriber.objects.get(pk=ada.pk)]
    assert Campaign.objects.get(pk=campaign.pk).topics == ["event"]
