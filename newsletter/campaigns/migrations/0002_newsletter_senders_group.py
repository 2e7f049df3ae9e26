"""The "Newsletter senders" group: may schedule, send, pause, resume and cancel
campaigns (campaigns.send_campaign) and use the Wagtail admin."""

from django.db import migrations

GROUP = "Newsletter senders"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    campaign_type, _ = ContentType.objects.get_or_create(app_label="campaigns", model="campaign")
    send, _ = Permission.objects.get_or_create(
        content_type=campaign_type, codename="send_campaign",
        defaults={"name": "Can schedule, send, pause, resume and cancel campaigns"})
    view, _ = Permission.objects.get_or_create(
        content_type=campaign_type, codename="view_campaign",
        defaults={"name": "Can view campaign"})
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(send, view)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access = Permission.objects.filter(content_type=admin_type, codename="access_admin").first()
    if access:
        group.permissions.add(access)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
