from collections import defaultdict

from django.db import migrations


def build_index(apps, schema_editor):
    """Index the actors and annotation notes that existed before search did."""
    from archive.search.index import entry_fields

    Actor = apps.get_model("annotations", "Actor")
    Annotation = apps.get_model("annotations", "Annotation")
    SearchEntry = apps.get_model("archive", "SearchEntry")
    # Tag names come through the link table: in a migration the tags manager
    # cannot prefetch (its generic relation is not part of migration state), which
    # stopped this migration on any database that already held annotations. Every
    # database that applied it had none, so what it wrote there is unchanged.
    tags = defaultdict(list)
    links = apps.get_model("annotations", "TaggedAnnotation").objects.filter(
        content_type__app_label="annotations", content_type__model="annotation"
    )
    for object_id, name in links.values_list("object_id", "tag__name"):
        tags[object_id].append(name)
    entries = []
    for actor in Actor.objects.prefetch_related("aliases"):
        text = "\n".join([actor.name, actor.name_en, *(a.alias for a in actor.aliases.all())])
        entries.append(SearchEntry(kind="actor", object_id=actor.pk, **entry_fields(text)))
    for annotation in Annotation.objects.select_related("paragraph"):
        if annotation.anchor_state == "orphaned":
            continue
        text = "\n".join([annotation.note, *tags[annotation.pk]])
        if text.strip():
            entries.append(
                SearchEntry(
                    kind="annotation",
                    object_id=annotation.pk,
                    article_id=annotation.paragraph.article_id,
                    **entry_fields(text),
                )
            )
    SearchEntry.objects.bulk_create(entries, batch_size=1000)


def drop_index(apps, schema_editor):
    """Backwards: the entries build_index writes, so that applying it again can write them.

    They are a copy of the actors' names and the notes and tags; nothing is lost.
    """
    SearchEntry = apps.get_model("archive", "SearchEntry")
    SearchEntry.objects.filter(kind__in=["actor", "annotation"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0002_editors_group"),
        ("archive", "0003_search_index"),
    ]

    operations = [migrations.RunPython(build_index, drop_index)]
