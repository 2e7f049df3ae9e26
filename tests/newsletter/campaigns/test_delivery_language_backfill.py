"""The data migration that gives deliveries sent before the language was recorded the
language the SES report counted them in: the reader's, where the campaign has that
snapshot, else the default language's; rows never built stay blank."""

import importlib

import pytest
from django.apps import apps

from newsletter.campaigns.models import Campaign, CampaignSnapshot, Delivery
from newsletter.subscribers.models import Subscriber

pytestmark = pytest.mark.django_db
backfill = importlib.import_module(
    "newsletter.campaigns.migrations.0006_delivery_language_backfill").backfill


def campaign_with(issue, snapshot_languages):
    campaign = Campaign.objects.create(issue=issue, state="finished")
    for language in snapshot_languages:
        CampaignSnapshot.objects.create(campaign=campaign, language=language, subject="s",
                                        html="<p>h</p>", text="t")
    return campaign


def delivery(campaign, stored_language, status="sent", language=""):
    subscriber, _ = Subscriber.objects.get_or_create(
        email=f"reader-{stored_language or 'blank'}@example.org",
        defaults={"language": stored_language, "status": "confirmed"})
    return Delivery.objects.create(campaign=campaign, subscriber=subscriber, status=status,
                                   language=language)


def test_old_rows_get_the_language_the_report_counted_them_in(demo_issue):
    both = campaign_with(demo_issue, ["en", "fr"])
    english_only = campaign_with(demo_issue, ["en"])
    rows = {
        "fr": delivery(both, "fr"),
        "fr-CA": delivery(both, "fr-CA", status="unknown"),
        "de (no German snapshot)": delivery(both, "de", status="failed"),
        "blank": delivery(both, ""),
        "fr, English-only campaign": delivery(english_only, "fr"),
        "pending": delivery(english_only, "en", status="pending"),
        "skipped": delivery(english_only, "de", status="skipped"),
        "recorded": delivery(english_only, "", language="fr"),
    }
    backfill(apps, None)
    languages = {name: Delivery.objects.get(pk=row.pk).language for name, row in rows.items()}
    assert languages == {
        "fr": "fr", "fr-CA": "fr", "de (no German snapshot)": "en", "blank": "en",
        "fr, English-only campaign": "en", "pending": "", "skipped": "", "recorded": "fr"}


def test_one_update_per_stored_language_not_per_row(demo_issue, django_assert_max_num_queries):
    campaign = campaign_with(demo_issue, ["en", "fr"])
    for i in range(30):
        subscriber = Subscriber.objects.create(email=f"r{i}@example.org", status="confirmed",
                                               language=("fr", "en", "de")[i % 3])
        Delivery.objects.create(campaign=campaign, subscriber=subscriber, status="sent")
    with django_assert_max_num_queries(4):  # the distinct languages, then one UPDATE each
        backfill(apps, None)
    assert sorted(Delivery.objects.values_list("language", flat=True)) == ["en"] * 20 + ["fr"] * 10
