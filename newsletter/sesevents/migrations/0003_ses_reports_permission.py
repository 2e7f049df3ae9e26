"""The "Can view SES event reports" permission, given to the "Newsletter senders" group
(created by campaigns.0002)."""

from django.db import migrations

GROUP = "Newsletter senders"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    event_type, _ = ContentType.objects.get_or_create(app_label="sesevents", model="sesevent")
    permission, _ = Permission.objects.get_or_create(
        content_type=event_type, codename="view_ses_reports",
        defaults={"name": "Can view SES event reports (campaign figures, account health)"})
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="sesevents", codename="view_ses_reports").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sesevents", "0002_intake_append_and_apply"),
        ("campaigns", "0002_newsletter_senders_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sesevent",
            options={"ordering": ["-timestamp"],
                     "permissions": [("view_ses_reports", "Can view SES event reports "
                                      "(campaign figures, account health)")],
                     "verbose_name": "SES event"},
        ),
        migrations.RunPython(grant, revoke),
    ]
