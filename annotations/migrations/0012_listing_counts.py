"""Counts the list pages read (annotations/counts.py): on actors and tags, per article,
per paragraph and per facet of the claims index, with the indexes of every order the lists
use; filled from the annotations already there."""

import django.db.models.deletion
from django.db import migrations, models

import archive.collation

KINDS = [
    "person",
    "state",
    "government_body",
    "military_security",
    "armed_group",
    "party",
    "media_outlet",
    "news_agency",
    "ngo",
    "igo",
    "company",
    "unnamed_collective",
    "other",
]


def rank_kinds(apps, schema_editor):
    Actor = apps.get_model("annotations", "Actor")
    for rank, kind in enumerate(KINDS):
        Actor.objects.filter(kind=kind).update(kind_rank=rank)
    Actor.objects.exclude(kind__in=KINDS).update(kind_rank=len(KINDS))


def count_everything(apps, schema_editor):
    from annotations.counts import Models, rebuild

    rebuild(m=Models.of(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0011_typeable_actor_and_tag_slugs"),
        # What every earlier migration of ours needs of the archive: Article and Paragraph.
        ("archive", "0004_history"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleCounts",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="annotation_counts",
                        serialize=False,
                        to="archive.article",
                    ),
                ),
                ("claims", models.IntegerField(default=0)),
                ("sources", models.IntegerField(default=0)),
                ("actor_mentions", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="ListingCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("facet", models.CharField(max_length=16)),
                ("value", models.CharField(blank=True, max_length=64)),
                ("published", models.IntegerField(default=0)),
                ("everything", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="ParagraphCounts",
            fields=[
                (
                    "paragraph",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="archive.paragraph",
                    ),
                ),
                ("article_id", models.BigIntegerField()),
                ("published", models.BooleanField()),
                ("cells", models.JSONField(default=dict)),
            ],
        ),
        migrations.AddField(
            model_name="actor",
            name="annotations_all",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="actor",
            name="annotations_published",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="actor",
            name="claims_all",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="actor",
            name="claims_published",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="actor",
            name="kind_rank",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="actor",
            name="mentions_all",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="actor",
            name="mentions_published",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="tag",
            name="annotations_all",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="tag",
            name="annotations_published",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="tag",
            name="claims_all",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="tag",
            name="claims_published",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="actor",
            index=models.Index(
                models.F("kind_rank"),
                models.OrderBy(models.F("claims_published"), descending=True),
                models.OrderBy(models.F("mentions_published"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="actor_list_published",
            ),
        ),
        migrations.AddIndex(
            model_name="actor",
            index=models.Index(
                models.F("kind_rank"),
                models.OrderBy(models.F("claims_all"), descending=True),
                models.OrderBy(models.F("mentions_all"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="actor_list_all",
            ),
        ),
        migrations.AddIndex(
            model_name="actor",
            index=models.Index(
                models.OrderBy(models.F("claims_published"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="actor_speakers_published",
            ),
        ),
        migrations.AddIndex(
            model_name="actor",
            index=models.Index(
                models.OrderBy(models.F("claims_all"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="actor_speakers_all",
            ),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(
                models.OrderBy(models.F("annotations_published"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="tag_annotations_published",
            ),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(
                models.OrderBy(models.F("annotations_all"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="tag_annotations_all",
            ),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(
                models.OrderBy(models.F("claims_published"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="tag_claims_published",
            ),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(
                models.OrderBy(models.F("claims_all"), descending=True),
                archive.collation.CodePoints("sort_key"),
                archive.collation.CodePoints("name"),
                models.F("id"),
                name="tag_claims_all",
            ),
        ),
        migrations.AddConstraint(
            model_name="listingcount",
            constraint=models.UniqueConstraint(
                fields=("facet", "value"), name="listing_count_unique"
            ),
        ),
        migrations.RunPython(rank_kinds, migrations.RunPython.noop),
        migrations.RunPython(count_everything, migrations.RunPython.noop),
    ]
