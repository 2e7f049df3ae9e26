"""Topics: a JSON array ["event"] becomes a ListField (cms/list_field.py), stored as
{"event": 0} like every other list. No column change; the rows are rewritten. Reversible."""

from django.db import migrations

import cms.list_field
from cms.list_field import as_list


def _rewrite(apps, convert):
    rows = apps.get_model("digests", "digestsettings").objects
    for row in rows.only("pk", "topics"):
        rows.filter(pk=row.pk).update(topics=convert(row.topics))


def arrays_to_objects(apps, schema_editor):
    # Runs with the ListField: it reads the arrays and writes objects.
    _rewrite(apps, list)


def objects_to_arrays(apps, schema_editor):
    # Runs with the plain JSONField again: objects in, arrays out.
    _rewrite(apps, as_list)


class Migration(migrations.Migration):

    dependencies = [
        ('digests', '0001_digest_schedule_and_records'),
    ]

    operations = [
        # Reversed last: with the plain JSONField back, the objects become arrays again.
        migrations.RunPython(migrations.RunPython.noop, objects_to_arrays),
        migrations.AlterField(
            model_name='digestsettings',
            name='topics',
            field=cms.list_field.ListField(blank=True, default=list, verbose_name='topics'),
        ),
        migrations.RunPython(arrays_to_objects, migrations.RunPython.noop),
    ]
