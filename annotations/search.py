"""Actors and annotation notes in the archive's search: their index entries and result groups."""

import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from annotations.models import (
    READERS_SEE_BY_COUNTS,
    Actor,
    ActorAlias,
    Annotation,
    Tag,
    TaggedAnnotation,
)
from archive.search import index
from archive.search.groups import ResultGroup, register_result_group
from archive.search.snippets import highlight, snippet

ACTOR = "actor"
ANNOTATION = "annotation"


def actor_text(actor, aliases) -> str:
    return "\n".join([actor.name, actor.name_en, *aliases])


def annotation_text(annotation, tags) -> str:
    """A note and its tags; the quoted words are found through their paragraph."""
    if annotation.anchor_state == Annotation.AnchorState.ORPHANED:
        return ""  # readers no longer see it on the page, so search does not lead there
    return "\n".join([annotation.note, *tags])


def index_actor(actor) -> None:
    aliases = actor.aliases.values_list("alias", flat=True)
    index.put(ACTOR, actor.pk, actor_text(actor, aliases))


_deferred = threading.local()
REINDEX_CHUNK = 500  # annotations loaded at once when the deferred index is written


@contextmanager
def deferred_indexing():
    """Index the annotations saved inside the block once, at its end, in bulk.

    A large import would otherwise write each annotation's entry two or three
    times (its save, then its tags) with a few queries each.
    """
    if getattr(_deferred, "pks", None) is not None:
        yield  # already deferred by an outer block
        return
    _deferred.pks = set()
    try:
        yield
        pks = sorted(_deferred.pks)
    finally:
        _deferred.pks = None
    for start in range(0, len(pks), REINDEX_CHUNK):
        reindex_annotations(pks[start : start + REINDEX_CHUNK])


def reindex_annotations(pks) -> None:
    index.put_many(ANNOTATION, _annotation_rows(Annotation.objects.filter(pk__in=pks)))


def _annotation_rows(annotations):
    for a in annotations.select_related("paragraph").prefetch_related("tags"):
        yield _annotation_row(a, [t.name for t in a.tags.all()])


def _annotation_row(annotation, tags):
    return annotation.pk, annotation_text(annotation, tags), annotation.paragraph.article_id, None


def index_new_annotations(rows) -> None:
    """Entries for (annotation, tag names) just written in bulk, which sends no signals."""
    index.put_many(ANNOTATION, (_annotation_row(a, tags) for a, tags in rows))


def index_annotation(annotation) -> None:
    if getattr(_deferred, "pks", None) is not None:
        _deferred.pks.add(annotation.pk)
        return
    tags = annotation.tags.values_list("name", flat=True)
    index.put(
        ANNOTATION,
        annotation.pk,
        annotation_text(annotation, tags),
        article_id=annotation.paragraph.article_id,
    )


def rebuild_actors() -> None:
    actors = Actor.objects.prefetch_related("aliases")
    index.put_many(
        ACTOR,
        ((a.pk, actor_text(a, [x.alias for x in a.aliases.all()]), None, None) for a in actors),
    )


def rebuild_annotations() -> None:
    index.put_many(ANNOTATION, _annotation_rows(Annotation.objects.all()))


@receiver(post_save, sender=Actor, dispatch_uid="search-actor-saved")
def _actor_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_actor(instance)


@receiver(post_delete, sender=Actor, dispatch_uid="search-actor-deleted")
def _actor_deleted(sender, instance, **kwargs):
    index.remove(ACTOR, [instance.pk])


@receiver(post_save, sender=ActorAlias, dispatch_uid="search-alias-saved")
@receiver(post_delete, sender=ActorAlias, dispatch_uid="search-alias-deleted")
def _alias_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    actor = Actor.objects.filter(pk=instance.actor_id).first()
    if actor is not None:  # gone when the alias is deleted with its actor
        index_actor(actor)


@receiver(post_save, sender=Annotation, dispatch_uid="search-annotation-saved")
def _annotation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_annotation(instance)


@receiver(post_delete, sender=Annotation, dispatch_uid="search-annotation-deleted")
def _annotation_deleted(sender, instance, **kwargs):
    index.remove(ANNOTATION, [instance.pk])


@receiver(m2m_changed, sender=TaggedAnnotation, dispatch_uid="search-annotation-tags")
def _annotation_tags_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Annotation):
        index_annotation(instance)


@receiver(post_save, sender=Tag, dispatch_uid="search-tag-renamed")
def _tag_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    for annotation in Annotation.objects.filter(tags=instance).select_related("paragraph"):
        index_annotation(annotation)


def _in_order(objects, ids):
    return [objects[pk] for pk in ids if pk in objects]


def load_actors(ids, query):
    actors = Actor.objects.prefetch_related("aliases").order_by().in_bulk(ids)
    items = []
    for actor in _in_order(actors, ids):
        aliases = [alias.alias for alias in actor.aliases.all() if alias.alias != actor.name]
        items.append(
            {
                "actor": actor,
                "name": highlight(actor.name, query),
                "aliases": [highlight(alias, query) for alias in aliases],
            }
        )
    return items


def load_annotations(ids, query):
    """The annotations shown, in two queries: the rows with their article and actor, then tags.

    taggit's prefetch builds a query per annotation; the tag names come from
    one query, in the order they were added (as taggit lists them).
    """
    annotations = (
        Annotation.objects.select_related("paragraph__article", "actor")
        .only(
            "kind",
            "exact",
            "note",
            "paragraph__article__slug",
            "paragraph__article__title",
            "paragraph__article__status",
            "actor__name",
        )
        .order_by()  # in_bulk() needs no order: the default one joins and sorts
        .in_bulk(ids)
    )
    tags = {pk: [] for pk in annotations}
    for object_id, name, slug in TaggedAnnotation.rows_of(list(annotations)):
        tags[object_id].append(Tag(name=name, slug=slug))
    return [
        {
            "annotation": annotation,
            "note": snippet(annotation.note, query) if annotation.note else "",
            "tags": [(tag, highlight(tag.name, query)) for tag in tags[annotation.pk]],
        }
        for annotation in _in_order(annotations, ids)
    ]


def register() -> None:
    register_result_group(
        ResultGroup(
            key="actors",
            label="الفاعلون",
            kind=ACTOR,
            template="annotations/search/_actor.html",
            load=load_actors,
            rebuild=rebuild_actors,
            hidden_from_readers=lambda: Actor.objects.exclude(READERS_SEE_BY_COUNTS).values("pk"),
        )
    )
    register_result_group(
        ResultGroup(
            key="annotations",
            label="التوسيمات",
            kind=ANNOTATION,
            template="annotations/search/_annotation.html",
            load=load_annotations,
            rebuild=rebuild_annotations,
        )
    )
