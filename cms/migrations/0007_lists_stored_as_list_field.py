"""Comma-separated lists (countries, sectors, tags...) become ListFields (cms/list_field.py).

Each column goes text -> JSON text -> JSON in three steps, so PostgreSQL's cast to jsonb
only ever sees valid JSON. Reversible: JSON goes back to comma-separated text.
"""

import json

from django.db import migrations, models

import cms.list_field
import cms.models.pages
from cms.list_field import as_list, to_stored

ARTICLE_PAGES = ("interviewpage", "successstorypage", "eventpage", "gatewaynewspage",
                 "activitynewspage")
ARTICLE_LISTS = ("emerging_industries", "sectors", "countries", "tags")
LISTS = [(model, name) for model in ARTICLE_PAGES for name in ARTICLE_LISTS] + [
    ("eventpage", "audience"), ("gatewaynewspage", "gateway_organisations")]


def _rewrite(apps, schema_editor, convert):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # checked now, so the next ALTER TABLE finds no pending trigger events
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for model_name, field in LISTS:
        rows = apps.get_model("cms", model_name).objects
        # Few distinct values (vocabularies, a handful of tags): one UPDATE per value.
        for value in rows.values_list(field, flat=True).distinct():
            rows.filter(**{field: value}).update(**{field: convert(value)})
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def comma_to_json(apps, schema_editor):
    _rewrite(apps, schema_editor, lambda text: json.dumps(to_stored(as_list(text))))


def json_to_comma(apps, schema_editor):
    _rewrite(apps, schema_editor, lambda text: ", ".join(as_list(text)))


def _to_text():
    return [migrations.AlterField(model_name=model, name=name, field=models.TextField(blank=True))
            for model, name in LISTS]


def _field(model, name):
    help_texts = {"sectors": "Comma-separated, e.g. Biotech, Medtech",
                  "countries": "Comma-separated ISO 3166 codes, e.g. JP, DE",
                  "tags": "Comma-separated",
                  "gateway_organisations":
                      "Comma-separated, e.g. BioSA, Health Industries South Australia"}
    if name == "emerging_industries":
        return cms.list_field.ListField(
            blank=True, default=cms.models.pages.default_emerging_industries)
    if name == "audience":
        return cms.list_field.ListField(blank=True, default=list,
                                        verbose_name="target audience")
    return cms.list_field.ListField(blank=name != "gateway_organisations", default=list,
                                    help_text=help_texts[name])


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0006_translatable_snippets_required'),
    ]

    operations = [
        *_to_text(),
        migrations.RunPython(comma_to_json, json_to_comma),
        *[migrations.AlterField(model_name=model, name=name, field=_field(model, name))
          for model, name in LISTS],
    ]
