"""Step 2 of 3: existing snippets and partnership settings belong to the default
language, each with its own translation key.

A database made before LANGUAGES existed has one locale in the old default (en-gb);
it becomes the new default language's locale, so that its pages keep their URLs."""

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models.i18n import bootstrap_translatable_model

MODELS = ("cms.MemberCluster", "cms.PartnershipSettings", "cms.SmeTool")


def default_locale(Locale):
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale = Locale.objects.filter(language_code=code).first()
    if locale is not None:
        return locale
    only = list(Locale.objects.all()[:2])
    if len(only) == 1:
        only[0].language_code = code
        only[0].save(update_fields=["language_code"])
        return only[0]
    return Locale.objects.create(language_code=code)


def backfill(apps, schema_editor):
    locale = default_locale(apps.get_model("wagtailcore.Locale"))
    for name in MODELS:
        bootstrap_translatable_model(apps.get_model(name), locale)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_translatable_snippets_add_locale")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
