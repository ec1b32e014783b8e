"""Read a collection of W3C JSON-LD annotations into the database, all or nothing.

Used for the seed annotations and by import_annotations. Actors are matched by
their IRI's slug, then Wikidata id, then name or alias, and created from the
description embedded in the annotation when none matches. A `via` may point at
another annotation in the same file by its `id`. Importing the same file again
creates nothing: an annotation identical in place, kind and actor is skipped.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import services, w3c
from annotations.models import Actor, ActorAlias, Annotation
from archive.models import Paragraph
from archive.normalise import search_key


class AnnotationImportError(ValueError):
    pass


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0
    actors_created: int = 0
    problems: list[str] = field(default_factory=list)

    def __str__(self):
        return f"annotations created {self.created}, skipped {self.skipped} (already there); actors created {self.actors_created}"


def items_of(data) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        first = data.get("first", {})
        return first.get("items", []) if isinstance(first, dict) else []
    if isinstance(data, dict) and data.get("type") == "Annotation":
        return [data]
    raise AnnotationImportError("expected an AnnotationCollection, an Annotation or a list of them")


@transaction.atomic
def import_collection(data, *, user=None) -> ImportReport:
    report = ImportReport()
    items = items_of(data)
    actors = _ensure_actors(items, report)
    by_file_id: dict[str, Annotation] = {}
    # Sources first, so that claims can point at them with `via`.
    ordered = sorted(enumerate(items), key=lambda pair: _kind_of(pair[1]) != "source")
    for index, item in ordered:
        label = (
            item.get("id") or f"item {index + 1}" if isinstance(item, dict) else f"item {index + 1}"
        )
        try:
            incoming = w3c.parse(item)
            slug, position = incoming.target
            paragraph = Paragraph.objects.filter(article__slug=slug, position=position).first()
            if paragraph is None:
                raise ValidationError(f"paragraph {position} of article {slug} not found")
            fields = dict(incoming.fields)
            fields["actor"] = actors.get(_actor_key(incoming.actor)) if incoming.actor else None
            if incoming.via is not None:
                via = by_file_id.get(incoming.via) or _existing(
                    w3c.annotation_pk_from(incoming.via)
                )
                if via is None:
                    raise ValidationError(
                        f"via {incoming.via} is neither in this file nor in the database"
                    )
                fields["via"] = via
            existing = _same_annotation(paragraph, fields)
            if existing:
                report.skipped += 1
                annotation = existing
            else:
                annotation = services.annotation_create(
                    paragraph=paragraph, user=user, tags=incoming.tags, **fields
                )
                report.created += 1
        except ValidationError as exc:
            raise AnnotationImportError(f"{label}: {' '.join(exc.messages)}") from None
        if isinstance(item.get("id"), str):
            by_file_id[item["id"]] = annotation
    return report


def _kind_of(item):
    for body in item.get("body", []) if isinstance(item, dict) else []:
        if isinstance(body, dict) and body.get("role") == "kind":
            return body.get("value")
    return None


def _existing(pk):
    return Annotation.objects.filter(pk=pk).first() if pk else None


def _same_annotation(paragraph, fields):
    start, end = fields.get("start"), fields.get("end")
    if start is None or end is None:
        return None
    return Annotation.objects.filter(
        paragraph=paragraph, start=start, end=end, kind=fields["kind"], actor=fields.get("actor")
    ).first()


def _actor_key(reference):
    return reference.get("id") if isinstance(reference, dict) else reference


def _ensure_actors(items, report) -> dict:
    """Match or create every actor the file describes; returns IRI → Actor."""
    described: dict[str, dict] = {}
    for item in items:
        for body in item.get("body", []) if isinstance(item, dict) else []:
            if isinstance(body, dict) and body.get("role") == "actor":
                source = body.get("source")
                key = _actor_key(source)
                if not isinstance(key, str):
                    raise AnnotationImportError(
                        f"{item.get('id')}: an actor body needs a source IRI"
                    )
                if isinstance(source, dict) or key not in described:
                    described[key] = source if isinstance(source, dict) else {"id": source}
    actors = {
        iri: _match_or_create(iri, description, report) for iri, description in described.items()
    }
    for iri, description in described.items():
        parent_iri = description.get("parent")
        if parent_iri and actors[iri].parent_id is None:
            parent = actors.get(parent_iri) or _match(parent_iri, {})
            if parent and parent != actors[iri]:
                actors[iri].parent = parent
                actors[iri].save(update_fields=["parent"])
    return actors


def _match(iri, description):
    slug = w3c.actor_slug_from(iri)
    if slug and (actor := Actor.objects.filter(slug=slug).first()):
        return actor
    wikidata = (description.get("sameAs") or "").rsplit("/", 1)[-1]
    if wikidata and (actor := Actor.objects.filter(wikidata_id=wikidata).first()):
        return actor
    name = description.get("name")
    if name:
        alias = (
            ActorAlias.objects.filter(search_key=search_key(name)).select_related("actor").first()
        )
        if alias:
            return alias.actor
    return None


def _match_or_create(iri, description, report):
    actor = _match(iri, description)
    if actor:
        return actor
    if not description.get("name"):
        raise AnnotationImportError(
            f"actor {iri} is unknown here and the file does not describe it"
        )
    kind = description.get("actorKind") or Actor.Kind.OTHER
    if kind not in Actor.Kind.values:
        raise AnnotationImportError(f"actor {iri}: unknown kind {kind!r}")
    sameas = description.get("sameAs") or ""
    try:
        actor = services.actor_create(
            name=description["name"],
            kind=kind,
            aliases=description.get("alias") or [],
            name_en=description.get("nameEn", ""),
            country=description.get("country", ""),
            wikidata_id=sameas.rsplit("/", 1)[-1] if sameas else "",
            description=description.get("description", ""),
            slug=w3c.actor_slug_from(iri) or "",
        )
    except ValidationError as exc:
        raise AnnotationImportError(f"actor {iri}: {' '.join(exc.messages)}") from None
    report.actors_created += 1
    return actor
