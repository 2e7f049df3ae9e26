"""Step 3 of 3: locale and translation_key required and unique together; partnership
settings become one row per site and locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("membercluster", "partnershipsettings", "smetool")


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_translatable_snippets_backfill")]

    operations = [
        *(
            operation
            for model_name in MODELS
            for operation in (
                migrations.AlterField(
                    model_name=model_name, name="locale",
                    field=models.ForeignKey(editable=False,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="wagtailcore.locale",
                                            verbose_name="locale")),
                migrations.AlterField(
                    model_name=model_name, name="translation_key",
                    field=models.UUIDField(default=uuid.uuid4, editable=False)),
            )
        ),
        migrations.AlterField(
            model_name="partnershipsettings", name="site",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE,
                                    to="wagtailcore.site")),
        migrations.AlterUniqueTogether(name="membercluster",
                                       unique_together={("translation_key", "locale")}),
        migrations.AlterUniqueTogether(name="smetool",
                                       unique_together={("translation_key", "locale")}),
        migrations.AlterUniqueTogether(
            name="partnershipsettings",
            unique_together={("site", "locale"), ("translation_key", "locale")}),
    ]
