"""Writes that touch several rows: one named function each, validated, in one transaction."""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count

from annotations.models import Actor, ActorAlias, Annotation
from archive.normalise import search_key
from archive.safe_text import find_unsafe
from readingroom import freshness
from readingroom.hostile_input import describe
from readingroom.page_nouns import CHARACTER
from readingroom.plural import count_of

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
    tag_names = clean_tags(tags)
    annotation.full_clean(exclude=["tags"])
    annotation.save()
    if tag_names:  # a new annotation has none to clear: spare the queries
        annotation.tags.set(tag_names)
    return annotation


class StaleAnnotation(Exception):
    """The annotation was saved by someone else since the writer loaded it."""

    def __init__(self, updated, updated_by_id):
        super().__init__(f"annotation changed at {updated.isoformat()}")
        self.updated, self.updated_by_id = updated, updated_by_id  # as stored now


@transaction.atomic
def annotation_update(
    annotation, *, user, tags=None, expected_updated=None, **fields
) -> Annotation:
    """Change some fields of an annotation; the same rules as creating it.

    With `expected_updated` (the `updated` time the writer loaded), the change is
    refused with StaleAnnotation, nothing saved, if the stored row has been saved
    since: two editors working on one annotation do not overwrite each other
    unseen. The row is locked until the save, so two such writers cannot both pass.
    """
    unknown = set(fields) - set(ANNOTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown annotation fields: {', '.join(sorted(unknown))}")
    if expected_updated is not None:
        refuse_if_stale(annotation, expected_updated)
    if ("start" in fields or "end" in fields) and "exact" not in fields:
        # New offsets without a quote: the quote is whatever text they cover.
        fields["exact"] = ""
    for name, value in fields.items():
        setattr(annotation, name, value)
    if not annotation.exact:
        annotation.exact = annotation.paragraph.text[annotation.start : annotation.end]
    annotation.updated_by = user
    tag_names = None if tags is None else clean_tags(tags)
    annotation.full_clean(exclude=["tags"])
    annotation.save()
    if tag_names is not None:
        annotation.tags.set(tag_names)
    return annotation


def refuse_if_stale(annotation, expected_updated) -> None:
    """StaleAnnotation unless the stored row is the version the writer loaded.

    Inside a transaction the row stays locked until it ends, so two writers
    that loaded the same version cannot both pass. Annotation.DoesNotExist if
    the row has been deleted meanwhile.
    """
    stored = Annotation.objects.filter(pk=annotation.pk)
    if connection.in_atomic_block:
        stored = stored.select_for_update()
    stored = stored.values_list("updated", "updated_by").get()
    # The copy in hand must be that version too, or its other fields would be stale.
    if stored[0] != expected_updated or annotation.updated != expected_updated:
        raise StaleAnnotation(*stored)


@transaction.atomic
def annotation_delete(annotation, *, expected_updated=None) -> None:
    """Delete an annotation; with `expected_updated`, only the version the deleter loaded."""
    if expected_updated is not None:
        refuse_if_stale(annotation, expected_updated)
    annotation.delete()


@transaction.atomic
def actor_create(*, name, kind=Actor.Kind.OTHER, aliases=(), **fields) -> Actor:
    """Create an actor with its aliases; its own name is always one of them.

    Raises ValidationError, nothing saved, for a name or alias that cannot be one.
    """
    refuse_unusable_names(name, aliases)
    actor = Actor(name=name.strip(), kind=kind, **fields)
    if actor.slug and Actor.objects.filter(slug=actor.slug).exists():
        actor.slug = ""  # taken: save() makes a fresh one
    actor.full_clean(exclude=["slug"])
    actor.save()
    for alias in {name.strip(), *(a.strip() for a in aliases if a.strip())}:
        actor_add_alias(actor, alias)
    return actor


ALIAS_MAX_LENGTH = ActorAlias._meta.get_field("alias").max_length
SEARCH_KEY_MAX_LENGTH = ActorAlias._meta.get_field("search_key").max_length


def refuse_unusable_names(name: str, aliases) -> None:
    """ValidationError under `name` or `aliases` for one that is not one line of text that fits.

    The name is stored as an alias too, so both obey the alias's columns, and
    its folded search form as well: NFKC can make one character many (ﷺ is 18).
    """
    errors: dict[str, list[str]] = {}
    labels = {"name": "اسم الفاعل", "aliases": "الاسم البديل"}
    for where, value in [("name", name), *(("aliases", alias) for alias in aliases)]:
        label, value = labels[where], value.strip()
        if problem := find_unsafe(value, multiline=False):
            message = f"في {label} {describe(problem)}، وهو سطر واحد من نص."
        elif len(value) > ALIAS_MAX_LENGTH:
            message = f"{label} أطول من {count_of(ALIAS_MAX_LENGTH, CHARACTER)} ({count_of(len(value), CHARACTER)})."
        elif len(search_key(value)) > SEARCH_KEY_MAX_LENGTH:
            message = (
                f"{label} «{value[:40]}{'…' if len(value) > 40 else ''}» يطول عند توحيد "
                f"كتابته للبحث إلى أكثر من "
                f"{SEARCH_KEY_MAX_LENGTH} محرف؛ اختصره."
            )
        else:
            continue
        errors.setdefault(where, []).append(message)
    if errors:
        raise ValidationError(errors)


def actor_add_alias(actor, alias: str) -> ActorAlias:
    """Add an alias unless one that folds to the same search key exists."""
    key = search_key(alias)
    existing = ActorAlias.objects.filter(actor=actor, search_key=key).first()
    return existing or ActorAlias.objects.create(actor=actor, alias=alias)


def clean_tags(tags) -> list[str]:
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


# Details of an actor that a merge copies to the kept one when it has none, in form order.
MERGE_FILLS = ("name_en", "country", "parent", "wikidata_id", "description")


@dataclass
class FilledField:
    """A detail the kept actor lacks, taken from the first merged actor that has it."""

    name: str
    label: str
    value: object
    source: Actor
    # Other values the merged actors held for it, which the merge does not keep: (actor, value).
    dropped: list = field(default_factory=list)


@dataclass
class ActorMergePlan:
    """Everything merging `others` into `keep` changes, as the confirmation page lists it."""

    keep: Actor
    others: list[Actor]
    # (actor merged away, {annotation kind: number of its annotations that move})
    annotations: list[tuple[Actor, dict[str, int]]]
    aliases_moved: list[ActorAlias]
    # Aliases whose folded form the kept actor already has (or gets from another alias).
    aliases_dropped: list[ActorAlias]
    # Names of the merged-away actors that become aliases of the kept one.
    names_added: list[str]
    children: list[Actor]
    fields_filled: list[FilledField]

    @property
    def annotation_count(self) -> int:
        return sum(sum(counts.values()) for _, counts in self.annotations)

    def digest(self) -> str:
        """Changes whenever what the merge would do changes, so a stale confirmation is refused."""
        parts = [
            self.keep.pk,
            [actor.pk for actor in self.others],
            [(actor.pk, sorted(counts.items())) for actor, counts in self.annotations],
            [alias.pk for alias in self.aliases_moved],
            [alias.pk for alias in self.aliases_dropped],
            self.names_added,
            [child.pk for child in self.children],
            [
                (f.name, str(getattr(f.value, "pk", f.value)), f.source.pk)
                for f in self.fields_filled
            ],
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()


def actor_merge_plan(keep, others) -> ActorMergePlan:
    """What merging `others` into `keep` would change; raises ValidationError when it must not."""
    others = [actor for actor in others if actor.pk != keep.pk]
    if not others:
        raise ValidationError(
            f"لا يُدمج الفاعل «{keep.name}» في نفسه: اختر فاعلًا آخر على الأقل ليُدمج فيه."
        )
    by_id = {actor.pk: actor for actor in others}
    for ancestor_id in _upward(keep.parent_id):
        if ancestor_id in by_id:
            ancestor = by_id[ancestor_id]
            raise ValidationError(
                f"لا يُدمج «{ancestor.name}» في «{keep.name}»: «{keep.name}» تابع لـ«{ancestor.name}» "
                "(جهة فرعية منه أو من فروعه)، فيصير الفاعل تابعًا لنفسه. "
                f"أبقِ على «{ancestor.name}» بدلًا منه، أو غيّر الجهة الأم أولًا."
            )

    counts: dict[int, dict[str, int]] = {}
    rows = (
        Annotation.objects.filter(actor__in=others)
        .values_list("actor_id", "kind")
        .annotate(n=Count("pk"))
        .order_by("actor_id", "kind")
    )
    for actor_id, kind, n in rows:
        counts.setdefault(actor_id, {})[kind] = n

    keys = set(keep.aliases.values_list("search_key", flat=True))
    moved, dropped = [], []
    aliases = ActorAlias.objects.filter(actor__in=others).select_related("actor")
    for alias in aliases.order_by("actor_id", "alias", "pk"):
        if alias.search_key in keys:
            dropped.append(alias)
        else:
            keys.add(alias.search_key)
            moved.append(alias)
    names_added = []
    for actor in others:
        key = search_key(actor.name)
        if key and key not in keys:
            keys.add(key)
            names_added.append(actor.name)

    children = list(
        Actor.objects.filter(parent__in=others)
        .exclude(pk__in=by_id)
        .select_related("parent")
        .order_by("name", "pk")
    )
    return ActorMergePlan(
        keep=keep,
        others=others,
        annotations=[(actor, counts[actor.pk]) for actor in others if actor.pk in counts],
        aliases_moved=moved,
        aliases_dropped=dropped,
        names_added=names_added,
        children=children,
        fields_filled=_fields_to_fill(keep, others),
    )


def _fields_to_fill(keep, others) -> list[FilledField]:
    """What the kept actor lacks and a merged one has: a duplicate often carries the Wikidata id."""
    filled = []
    for name in MERGE_FILLS:
        if getattr(keep, name):
            continue
        found = None
        for actor in others:
            value = getattr(actor, name)
            if not value or (name == "parent" and not _can_be_parent_of(value, keep, others)):
                continue
            if found is None:
                label = str(Actor._meta.get_field(name).verbose_name)
                found = FilledField(name, label, value, actor)
            elif value != found.value:
                found.dropped.append((actor, value))
        if found is not None:
            filled.append(found)
    return filled


def _can_be_parent_of(candidate, keep, others) -> bool:
    """Not the kept actor, not one merged away, and not under either (no actor under itself)."""
    gone = {keep.pk, *(actor.pk for actor in others)}
    return not any(actor_id in gone for actor_id in _upward(candidate.pk))


def _upward(actor_id):
    """`actor_id`, then its parent, grandparent… (one query each; stops at a loop)."""
    seen = set()
    while actor_id is not None and actor_id not in seen:
        yield actor_id
        seen.add(actor_id)
        actor_id = Actor.objects.filter(pk=actor_id).values_list("parent_id", flat=True).first()


MERGE_PLAN_CHANGED = "تغيّر ما سيُدمج منذ عُرضت هذه الصفحة: راجع التغييرات ثم أكّد من جديد."


@freshness.site_wide_write()
@transaction.atomic
def actor_merge(keep, others, user, *, expected_digest=None) -> ActorMergePlan:
    """Merge `others` into `keep`: their annotations, aliases and child actors move to it,
    details it lacks (English name, country, parent, Wikidata id, description) are
    taken from them, then they are deleted. All or nothing; every row written is
    recorded in history as changed by `user`, with the merge as the reason. With
    `expected_digest`, the merge is refused if its plan is no longer that one."""
    keep = Actor.objects.select_for_update().get(pk=keep.pk)
    # The page's order (name, then id): the first actor holding a detail gives it.
    others = list(
        Actor.objects.select_for_update()
        .filter(pk__in=[a.pk for a in others])
        .order_by("name", "pk")
    )
    plan = actor_merge_plan(keep, others)
    if expected_digest is not None and plan.digest() != expected_digest:
        # Changed between the confirmation page and these locks: do only what was shown.
        raise ValidationError(MERGE_PLAN_CHANGED)
    reason = f"دمج في «{keep.name}»"[:100]

    def recorded(obj):
        obj._history_user = user
        obj._change_reason = reason
        return obj

    annotations = Annotation.objects.filter(actor__in=plan.others).select_related("paragraph")
    for annotation in annotations:
        annotation.actor = keep
        annotation.updated_by = user
        recorded(annotation).save()
    for alias in plan.aliases_dropped:
        recorded(alias).delete()
    for alias in plan.aliases_moved:
        alias.actor = keep
        recorded(alias).save()
    for name in plan.names_added:
        recorded(ActorAlias(actor=keep, alias=name)).save()
    for child in plan.children:
        child.parent = keep
        recorded(child).save()
    if plan.fields_filled:
        for filled in plan.fields_filled:
            setattr(keep, filled.name, filled.value)
        recorded(keep).save()
    for actor in plan.others:
        recorded(actor).delete()
    return plan
