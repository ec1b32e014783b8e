"""Actors and tags in Arabic alphabetical order: a sort key beside each name, the same on both
databases (archive.collation). Going back drops the keys, which the names give again."""

from django.db import migrations, models

import archive.collation

BATCH = 1000


def fill_sort_keys(apps, schema_editor):
    for model_name in ("Actor", "Tag"):
        model = apps.get_model("annotations", model_name)
        rows = []
        for row in model.objects.only("pk", "name").order_by("pk").iterator(chunk_size=BATCH):
            row.sort_key = archive.collation.sort_key(row.name)
            rows.append(row)
            if len(rows) == BATCH:
                model.objects.bulk_update(rows, ["sort_key"])
                rows = []
        model.objects.bulk_update(rows, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0009_tag_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="tag",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="actor",
            options={
                "ordering": [
                    archive.collation.CodePoints("sort_key"),
                    archive.collation.CodePoints("name"),
                    "pk",
                ],
                "verbose_name": "فاعل",
                "verbose_name_plural": "الفاعلون",
            },
        ),
        migrations.AlterModelOptions(
            name="tag",
            options={
                "ordering": [
                    archive.collation.CodePoints("sort_key"),
                    archive.collation.CodePoints("name"),
                    "pk",
                ],
                "verbose_name": "وسم",
                "verbose_name_plural": "الوسوم",
            },
        ),
    ]
