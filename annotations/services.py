"""Writes that touch several rows: one named function each, validated, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from annotations.models import Actor, ActorAlias, Annotation
from archive.normalise import search_key

TAG_MAX_LENGTH = 50
TAGS_MAX = 20

ANNOTATION_FIELDS = (
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "kind",
    "actor",
    "via",
    "cue",
    "stance",
    "quote",
    "specificity",
    "note",
)


@transaction.atomic
def annotation_create(*, paragraph, user, tags=(), **fields) -> Annotation:
    """Create an annotation; raises ValidationError (nothing saved) when any rule fails."""
    unknown = set(fields) - set(ANNOTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown annotation fields: {', '.join(sorted(unknown))}")
    annotation = Annotation(paragraph=paragraph, created_by=user, updated_by=user, **fields)
    if not annotation.exact:
        annotation.exact = paragraph.text[annotation.start : annotation.end]
    tag_names = _clean_tags(tags)
    annotation.full_clean(exclude=["tags"])
    annotation.save()
    annotation.tags.set(tag_names)
    return annotation


@transaction.atomic
def annotation_update(annotation, *, user, tags=None, **fields) -> Annotation:
    """Change some fields of an annotation; the same rules as creating it."""
    unknown = set(fields) - set(ANNOTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown annotation fields: {', '.join(sorted(unknown))}")
    if ("start" in fields or "end" in fields) and "exact" not in fields:
        # New offsets without a quote: the quote is whatever text they cover.
        fields["exact"] = ""
    for name, value in fields.items():
        setattr(annotation, name, value)
    if not annotation.exact:
        annotation.exact = annotation.paragraph.text[annotation.start : annotation.end]
    annotation.updated_by = user
    tag_names = None if tags is None else _clean_tags(tags)
    annotation.full_clean(exclude=["tags"])
    annotation.save()
    if tag_names is not None:
        annotation.tags.set(tag_names)
    return annotation


@transaction.atomic
def annotation_delete(annotation) -> None:
    annotation.delete()


@transaction.atomic
def actor_create(*, name, kind=Actor.Kind.OTHER, aliases=(), **fields) -> Actor:
    """Create an actor with its aliases; its own name is always one of them."""
    actor = Actor(name=name.strip(), kind=kind, **fields)
    if actor.slug and Actor.objects.filter(slug=actor.slug).exists():
        actor.slug = ""  # taken: save() makes a fresh one
    actor.full_clean(exclude=["slug"])
    actor.save()
    for alias in {name.strip(), *(a.strip() for a in aliases if a.strip())}:
        actor_add_alias(actor, alias)
    return actor


def actor_add_alias(actor, alias: str) -> ActorAlias:
    """Add an alias unless one that folds to the same search key exists."""
    key = search_key(alias)
    existing = ActorAlias.objects.filter(actor=actor, search_key=key).first()
    return existing or ActorAlias.objects.create(actor=actor, alias=alias)


def _clean_tags(tags) -> list[str]:
    """Tag names as typed, trimmed and without repeats; refuses what cannot be a tag."""
    names = []
    for raw in tags:
        if not isinstance(raw, str):
            raise ValidationError({"tags": ["الوسوم نصوص."]})
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise ValidationError({"tags": [f"الوسم أطول من {TAG_MAX_LENGTH} محرفًا."]})
        if name not in names:
            names.append(name)
    if len(names) > TAGS_MAX:
        raise ValidationError({"tags": [f"لا أكثر من {TAGS_MAX} وسمًا للتوسيم الواحد."]})
    return names
