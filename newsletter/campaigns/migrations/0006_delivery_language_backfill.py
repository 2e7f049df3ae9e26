"""Backfill ``Delivery.language`` for the messages built before it was recorded.

Their language is not known any more; each row gets the one the SES report counted it
in until now: the subscriber's stored language at migration time, matched to LANGUAGES,
where the campaign has a snapshot in that language, else the default language. Rows never
built (pending, skipped) stay blank. One UPDATE per distinct stored subscriber language (a
handful), none per row, on SQLite and PostgreSQL alike. Reversing leaves the values (the
column goes with 0005)."""

from django.db import migrations
from django.db.models import Case, Exists, OuterRef, Value, When

from cms import languages

NEVER_BUILT = ("pending", "skipped")


def backfill(apps, schema_editor):
    delivery = apps.get_model("campaigns", "Delivery")
    snapshot = apps.get_model("campaigns", "CampaignSnapshot")
    rows = delivery.objects.filter(language="").exclude(status__in=NEVER_BUILT)
    stored_languages = set(rows.order_by().values_list("subscriber__language", flat=True)
                           .distinct())
    default = languages.default()
    for stored in stored_languages:
        code = languages.supported(stored) or default
        has_snapshot = Exists(snapshot.objects.filter(campaign_id=OuterRef("campaign_id"),
                                                      language=code))
        rows.filter(subscriber__language=stored).update(
            language=Case(When(has_snapshot, then=Value(code)), default=Value(default)))


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0005_delivery_language'),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
