from django.db import migrations, models

# The article lists' orders, for readers (published first in the key) and editors:
# newest_first() and the claims index's walk through articles newest first.
# PostgreSQL puts NULLs first in a descending index unless told; SQLite sorts NULL
# lowest, so its plain descending order is already "nulls last".
ORDERS = {
    "article_newest": "published_on DESC{nulls}, created DESC, id DESC",
    "article_newest_id": "published_on DESC{nulls}, id DESC",
}


def _statements(vendor):
    nulls = " NULLS LAST" if vendor == "postgresql" else ""
    for name, columns in ORDERS.items():
        columns = columns.format(nulls=nulls)
        yield f"CREATE INDEX {name} ON archive_article ({columns})"
        yield f"CREATE INDEX {name}_by_status ON archive_article (status, {columns})"


def create_indexes(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    for name in ORDERS:
        for index in (name, f"{name}_by_status"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


def count_articles(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    ArchiveCount = apps.get_model("archive", "ArchiveCount")
    ArchiveCount.objects.update_or_create(
        name="articles",
        defaults={
            "published": Article.objects.filter(status="published").count(),
            "everything": Article.objects.count(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_typeable_slugs")]

    operations = [
        migrations.CreateModel(
            name="ArchiveCount",
            fields=[
                ("name", models.CharField(max_length=32, primary_key=True, serialize=False)),
                ("published", models.IntegerField(default=0)),
                ("everything", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(count_articles, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
