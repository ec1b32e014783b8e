"""The vocabulary of names and title words that «هل تقصد» suggestions come from.

The table is filled from what the database already holds, by the same
rebuild() that rebuild_search_index runs: titles through this migration's
Article, actors' names through the source annotations registers (nothing
when its tables are not there yet). Going back drops the table; its rows are
a copy of those words, so nothing is lost, and applying it again writes the
same rows.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    from archive.search import vocabulary

    Article = apps.get_model("archive", "Article")
    vocabulary.rebuild(
        word_model=apps.get_model("archive", "SearchWord"),
        titles=Article.objects.values_list("title", flat=True).iterator(chunk_size=2000),
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_search_one_notion_of_a_word")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("shown", models.CharField(max_length=64)),
                ("length", models.PositiveSmallIntegerField()),
                ("tail", models.CharField(max_length=3)),
                ("head", models.CharField(max_length=3)),
                ("middle", models.CharField(max_length=2)),
                ("names", models.IntegerField(default=0)),
                ("titles", models.IntegerField(default=0)),
                ("uses", models.IntegerField(default=0)),
                ("tiebreak", models.IntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=[key, "length", "-uses", "tiebreak", "word"],
                        name=f"search_word_{key}",
                    )
                    for key in ("tail", "head", "middle")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
