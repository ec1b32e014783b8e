from django.db import migrations


def build_index(apps, schema_editor):
    """Index the actors and annotation notes that existed before search did."""
    from archive.search.index import entry_fields

    Actor = apps.get_model("annotations", "Actor")
    Annotation = apps.get_model("annotations", "Annotation")
    SearchEntry = apps.get_model("archive", "SearchEntry")
    entries = []
    for actor in Actor.objects.prefetch_related("aliases"):
        text = "\n".join([actor.name, actor.name_en, *(a.alias for a in actor.aliases.all())])
        entries.append(SearchEntry(kind="actor", object_id=actor.pk, **entry_fields(text)))
    for annotation in Annotation.objects.select_related("paragraph").prefetch_related("tags"):
        if annotation.anchor_state == "orphaned":
            continue
        text = "\n".join([annotation.note, *(t.name for t in annotation.tags.all())])
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


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0002_editors_group"),
        ("archive", "0003_search_index"),
    ]

    operations = [migrations.RunPython(build_index, migrations.RunPython.noop)]
