"""Reading annotations in chunks for exports that stream a whole archive."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from annotations.models import Annotation, TaggedAnnotation


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
