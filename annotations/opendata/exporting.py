"""Annotations out as W3C Web Annotation JSON-LD: one article's pages, or the whole archive.

What export writes, import_annotations reads back (annotations/opendata/importing.py):
ids are canonical (an imported annotation keeps the IRI it came with), actors
are described in full (aliases, description, parent), and the creator is a
nickname, never an e-mail address.
"""

import gc
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import CharField, Prefetch, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

from annotations import w3c
from annotations.models import Actor, ActorAlias
from annotations.opendata.bulk import chunks, own_garbage_only, tag_names

PAGE_SIZE = 100
CHUNK_SIZE = 500


ACTOR_ALIASES = [
    Prefetch(f"{path}__aliases", queryset=ActorAlias.objects.order_by("alias"))
    for path in ("actor", "actor__parent", "actor__parent__parent")
]


def for_export(annotations):
    """Everything an exported annotation shows, in a fixed number of queries per chunk."""
    return annotations.select_related(
        "paragraph__article",
        "actor__parent__parent",
        "via",
        "created_by",
    ).prefetch_related("tags", *ACTOR_ALIASES)


def in_order(annotations, base: str = ""):
    """By place, then by the id the export writes (see w3c.canonical_iri).

    Independent of primary keys, so two archives holding the same annotations
    list them in the same order: one made here is written under its API
    address, and a restore of that export keeps the address as its iri, so the
    two sort alike, and their exports are byte for byte the same.
    """
    base = base or settings.SITE_URL
    written_id = Coalesce(
        NullIf("iri", Value("")),
        Concat(
            Value(f"{base}/api/annotations/"),
            Cast("pk", CharField()),
            Value("/"),
            output_field=CharField(),
        ),
        output_field=CharField(),
    )
    return annotations.order_by(
        "paragraph__article__slug",
        "paragraph__position",
        "start",
        "-end",
        "kind",
        written_id.asc(),
        "pk",
    )


def hidden_actors(published_only: bool) -> frozenset:
    """Actors a file for readers must not describe: those known only from drafts.

    Their own annotations are left out with the drafts; this keeps them out as
    the parent body of an actor readers do see.
    """
    if not published_only:
        return frozenset()
    return frozenset(Actor.objects.known_only_from_drafts().values_list("pk", flat=True))


def article_page(
    article, annotations, *, base: str, url: str, page: int, hidden=frozenset()
) -> dict:
    """Page `page` (1-based) of one article's annotations: the collection itself on page 1."""
    total = annotations.count()
    last = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), last)
    start = (page - 1) * PAGE_SIZE
    items = [
        w3c.to_jsonld(a, base, with_context=False, export=True, hidden_actors=hidden)
        for a in for_export(in_order(annotations, base))[start : start + PAGE_SIZE]
    ]
    page_data = {
        "id": f"{url}?page={page}",
        "type": "AnnotationPage",
        "partOf": url,
        "startIndex": start,
        "items": items,
    }
    if page > 1:
        page_data["prev"] = f"{url}?page={page - 1}"
    if page < last:
        page_data["next"] = f"{url}?page={page + 1}"
    if page > 1:
        return {"@context": w3c.CONTEXT, **page_data}
    return {
        "@context": w3c.CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": article.title,
        "total": total,
        "first": page_data,
        "last": f"{url}?page={last}",
    }


def stream_collection(
    annotations, *, base: str, collection_id: str, label: str, hidden=frozenset()
) -> Iterator[str]:
    """The whole collection as JSON text, piece by piece: memory stays flat as the archive grows."""
    total = annotations.count()
    head = {
        "@context": w3c.CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
    }
    page = {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "first": '
    yield json.dumps(page, ensure_ascii=False)[:-1] + ', "items": [\n'
    # Tags are read per chunk from their table: taggit's prefetch costs more than the rest.
    rows = for_export(in_order(annotations, base)).prefetch_related(None)
    rows = rows.prefetch_related(*ACTOR_ALIASES).iterator(chunk_size=CHUNK_SIZE)
    with own_garbage_only():
        yield from _items(rows, base, hidden)
    yield "\n]}}\n"


def _items(rows, base, hidden):
    written = 0
    for chunk in chunks(rows, CHUNK_SIZE):
        # Rows with prefetched relations hold reference cycles; collected each
        # chunk, the garbage of a large export does not pile up before the GC runs.
        gc.collect()
        tags = tag_names(chunk)
        paths = {}  # per chunk: the chunk's few articles and actors, not the archive's
        for annotation in chunk:
            item = w3c.to_jsonld(
                annotation,
                base,
                with_context=False,
                export=True,
                tags=sorted(tags[annotation.pk]),
                hidden_actors=hidden,
                paths=paths,
            )
            yield ("" if written == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
            written += 1
