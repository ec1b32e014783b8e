"""Editors may view every article, drafts included, so they can annotate before publication."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="archive", codename="view_article")
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="archive", codename="view_article")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0003_search_index"),
        ("annotations", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
