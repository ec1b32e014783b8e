"""The Curators group: staff in it work in the admin (see annotations.roles.ensure_curators_group)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from archive.migration_guards import group, refuse_losses

CURATOR_MODELS = {
    "archive": ("outlet", "article", "paragraph"),
    "annotations": ("actor", "actoralias", "annotation", "tag"),
}
CURATOR_HISTORY_MODELS = {
    "archive": ("historicalarticle", "historicalparagraph"),
    "annotations": ("historicalactor", "historicalactoralias", "historicalannotation"),
}


def create_curators_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    for app_label, models in CURATOR_MODELS.items():
        codenames = [f"{a}_{m}" for m in models for a in ("add", "change", "delete", "view")]
        codenames += [f"view_{m}" for m in CURATOR_HISTORY_MODELS[app_label]]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def curator_permissions():
    return {
        app_label: [f"{a}_{m}" for m in models for a in ("add", "change", "delete", "view")]
        + [f"view_{m}" for m in CURATOR_HISTORY_MODELS[app_label]]
        for app_label, models in CURATOR_MODELS.items()
    }


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0005_history"),
        ("archive", "0004_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_curators_group, remove_curators_group),
        # Backwards, first: the group is deleted only when that loses nothing.
        refuse_losses(__name__, group("Curators", curator_permissions())),
    ]
