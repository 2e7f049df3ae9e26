"""Subscriber topics: ',interview,event,' text becomes a ListField (cms/list_field.py),
stored as {"interview": 0, "event": 1} so that has_any_keys finds a topic on SQLite and
PostgreSQL alike. Text -> JSON text -> JSON, so PostgreSQL's cast to jsonb only sees valid
JSON. Reversible."""

import json

from django.db import migrations, models

import cms.list_field
import newsletter.subscribers.models
from cms.list_field import as_list, to_stored


def _rewrite(apps, convert):
    rows = apps.get_model("subscribers", "Subscriber").objects
    # At most one distinct value per set of topics: one UPDATE each, however many rows.
    for value in rows.values_list("topics", flat=True).distinct():
        rows.filter(topics=value).update(topics=convert(value))


def comma_to_json(apps, schema_editor):
    _rewrite(apps, lambda text: json.dumps(to_stored(as_list(text))))


def json_to_comma(apps, schema_editor):
    _rewrite(apps, lambda text: "," + ",".join(topics) + "," if (topics := as_list(text))
             else "")


class Migration(migrations.Migration):

    dependencies = [
        ('subscribers', '0003_import_job'),
    ]

    operations = [
        migrations.AlterField(
            model_name='subscriber',
            name='topics',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(comma_to_json, json_to_comma),
        migrations.AlterField(
            model_name='subscriber',
            name='topics',
            field=cms.list_field.ListField(
                blank=True, default=newsletter.subscribers.models.default_topics),
        ),
    ]
