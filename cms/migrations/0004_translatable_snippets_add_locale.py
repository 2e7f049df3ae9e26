"""Step 1 of 3 (Wagtail's way to make existing models translatable): locale and
translation_key, nullable until the existing rows have theirs."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("membercluster", "partnershipsettings", "smetool")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_event_audience"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        operation
        for model_name in MODELS
        for operation in (
            migrations.AddField(
                model_name=model_name, name="locale",
                field=models.ForeignKey(editable=False, null=True,
                                        on_delete=django.db.models.deletion.PROTECT,
                                        related_name="+", to="wagtailcore.locale",
                                        verbose_name="locale")),
            migrations.AddField(
                model_name=model_name, name="translation_key",
                field=models.UUIDField(editable=False, null=True)),
        )
    ]
