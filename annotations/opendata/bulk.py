"""Reading and writing annotations in chunks, for exports and imports of a whole archive."""

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from annotations import counts, history, search
from annotations.models import Annotation, Tag, TaggedAnnotation


@contextmanager
def own_garbage_only():
    """Within the block, gc.collect() looks only at objects made in it.

    A whole-archive export or import collects its garbage after each chunk to
    keep memory flat; without this, each collection also walked every object
    the process already held (the whole of a test run's heap, say), which took
    longer than the chunk itself.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def chunks(rows, size):
    """Lists of up to `size` consecutive rows."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def tag_names(annotations) -> dict[int, list[str]]:
    """The tag names of each of `annotations`, in one query.

    taggit's own prefetch builds a queryset per annotation, which costs more
    than the rest of an exported row; this reads the through table directly.
    """
    names = defaultdict(list)
    rows = TaggedAnnotation.objects.filter(
        content_type=ContentType.objects.get_for_model(Annotation),
        object_id__in=[annotation.pk for annotation in annotations],
    ).values_list("object_id", "tag__name")
    for pk, name in rows:
        names[pk].append(name)
    return names


@dataclass
class NewAnnotation:
    """An unsaved, validated annotation, its tag names and the times to keep from its file."""

    annotation: Annotation
    tags: list[str] = field(default_factory=list)
    times: dict = field(default_factory=dict)


def create_annotations(new: list[NewAnnotation]) -> None:
    """Write `new` with their tags, history and search entries in a fixed number of queries.

    What saving each one would do, done for all at once: bulk writes send no
    signals, so history and the search index are written here.
    """
    if not new:
        return
    for n in new:
        for name, value in n.times.items():
            setattr(n.annotation, name, value)
        n.annotation.keep_times = bool(n.times)
    Annotation.objects.bulk_create([n.annotation for n in new])
    _link_tags(new)
    records = Annotation.history.bulk_history_create([n.annotation for n in new])
    if records:  # None when history is turned off (SIMPLE_HISTORY_ENABLED)
        tagged = []
        for record, n in zip(records, new, strict=True):
            if n.tags:
                record.tag_names = history.joined(n.tags)
                tagged.append(record)
        if tagged:
            history.HistoricalAnnotation.objects.bulk_update(tagged, ["tag_names"])
    search.index_new_annotations((n.annotation, n.tags) for n in new)
    # Nor do they move the lists' counts: the new rows' paragraphs are counted again.
    counts.count_paragraphs({n.annotation.paragraph_id for n in new})


def _link_tags(new):
    names = {name for n in new for name in n.tags}
    if not names:
        return
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.create(name=name)  # its save() makes the Arabic slug
    content_type = ContentType.objects.get_for_model(Annotation)
    TaggedAnnotation.objects.bulk_create(
        TaggedAnnotation(tag=tags[name], content_type=content_type, object_id=n.annotation.pk)
        for n in new
        for name in n.tags
    )
