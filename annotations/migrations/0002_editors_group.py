"""The Editors group: may add, change and delete annotations and actors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from archive.migration_guards import group, refuse_losses

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("annotation", "actor", "actoralias", "tag")
    for action in ("add", "change", "delete", "view")
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="annotations", codename__in=EDITOR_PERMISSIONS)
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, remove_editors_group),
        # Backwards, first: the group is deleted only when that loses nothing.
        refuse_losses(__name__, group("Editors", {"annotations": EDITOR_PERMISSIONS})),
    ]
