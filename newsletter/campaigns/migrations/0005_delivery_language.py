"""Deliveries record the language of the message sent (the SES report counts it so)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_topics_stored_as_list_field'),
    ]

    operations = [
        migrations.AddField(
            model_name='delivery',
            name='language',
            field=models.CharField(blank=True, max_length=16),
        ),
    ]
