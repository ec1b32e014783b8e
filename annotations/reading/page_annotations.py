"""The annotations of a reading page (or of one of its paragraphs), read as plain rows.

Three queries at most, however many annotations: the annotations with their
actor and creator (one row each), the tags of them all (one row per tag), and,
only when a claim's source sits outside what was read (another paragraph, for
a fragment), those sources. Rows, not model instances: building thousands of
models, and taggit's prefetch of each one's tags, was most of a large page's
time. Each row answers to what the highlights, the cards, schema.org and the
W3C shape (annotations.w3c.to_jsonld) read from an annotation.
"""

from urllib.parse import quote

from django.urls import reverse
from django.utils.encoding import uri_to_iri

from annotations.models import Actor, Annotation, TaggedAnnotation, public_nickname

# What reverse() leaves unquoted in a path, so that a URL made from the prefix is
# the one reverse() gives.
_SAFE = "!$&'()*+,;=/~:@"

FIELDS = (
    "pk",
    "paragraph_id",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "anchor_state",
    "kind",
    "actor_id",
    "via_id",
    "cue",
    "stance",
    "quote",
    "specificity",
    "note",
    "created_by_id",
    "creator_name",
    "created",
    "updated",
)
# Read only for the editor's W3C JSON: SQLite turns each time from text, at a cost.
W3C_ONLY = ("prefix", "suffix", "created", "updated")
ACTOR_FIELDS = ("name", "name_en", "slug", "kind", "country", "wikidata_id")
COLUMNS = (
    *FIELDS,
    "created_by__username",
    *(f"actor__{name}" for name in ACTOR_FIELDS),
)
KIND_LABELS = dict(Annotation.Kind.choices)
STANCE_LABELS = dict(Annotation.Stance.choices)
QUOTE_LABELS = dict(Annotation.Quote.choices)
SPECIFICITY_LABELS = dict(Annotation.Specificity.choices)
ACTOR_KIND_LABELS = dict(Actor.Kind.choices)


class Paths:
    """Actor and tag pages' addresses from one reverse() each, not one per link.

    They are IRIs: reverse()'s address with the Arabic of a slug as itself, not as
    %D8%… (valid in HTML, and what the browser shows and requests alike), which
    made a long article's links three times as long."""

    def __init__(self):
        self.actor = _prefix_and_suffix("annotations:actor_detail")
        self.tag = _prefix_and_suffix("annotations:tag_detail")

    @staticmethod
    def of(prefix_and_suffix, slug: str) -> str:
        """The page's address as reverse() gives it (%-encoded): what the API and W3C JSON say."""
        prefix, suffix = prefix_and_suffix
        return f"{prefix}{quote(slug, safe=_SAFE)}{suffix}"

    @staticmethod
    def link(prefix_and_suffix, slug: str) -> str:
        """The same address for a link in the page, as an IRI."""
        return uri_to_iri(Paths.of(prefix_and_suffix, slug))


def _prefix_and_suffix(name):
    marker = "slug-here"
    prefix, suffix = reverse(name, kwargs={"slug": marker}).split(marker)
    return prefix, suffix


class PageActor:
    """An actor as the page shows it: `url` is its page's IRI (for links), `path` the
    %-encoded address (get_absolute_url(), as the API and W3C JSON give it)."""

    __slots__ = ("country", "kind", "name", "name_en", "path", "pk", "slug", "url", "wikidata_id")

    wikidata_url = Actor.wikidata_url

    def get_absolute_url(self):
        return self.path

    def get_kind_display(self):
        return ACTOR_KIND_LABELS.get(self.kind, self.kind)


class PageAnnotation:
    """One annotation as the page shows it: its columns (FIELDS), and `paragraph` (the
    page's own Paragraph), `actor` (a PageActor), `via` (a Source), `tags`
    ((name, address) pairs), `creator_nickname`, `can_change` and `can_delete`."""

    @property
    def anchor(self) -> str:
        return f"a-{self.pk}"

    def get_kind_display(self):
        return KIND_LABELS.get(self.kind, self.kind)


class Source:
    """What a claim's card says of the source it came through: its quote and who."""

    __slots__ = ("actor_name", "exact", "pk")

    @property
    def anchor(self) -> str:
        return f"a-{self.pk}"


def page_annotations(article, paragraphs, *, full=True) -> list[PageAnnotation]:
    """Every annotation of `article` (its `paragraphs`, as listed), in page order.

    Without `full`, the columns only the W3C shape needs (times, prefix, suffix)
    are left unread, as None: the highlights and cards do not show them.
    """
    queryset = Annotation.objects.filter(paragraph__article=article)
    return _read(queryset, paragraphs, full)


def paragraph_annotations(paragraph, *, full=True) -> list[PageAnnotation]:
    """The annotations of one paragraph, in page order."""
    return _read(Annotation.objects.filter(paragraph=paragraph), [paragraph], full)


def _read(queryset, paragraphs, full):
    paths = Paths()
    by_paragraph = {p.pk: p for p in paragraphs}
    fields = FIELDS if full else tuple(f for f in FIELDS if f not in W3C_ONLY)
    columns = (*fields, *COLUMNS[len(FIELDS) :])
    rows = queryset.order_by("paragraph__position", "start", "-end", "pk").values_list(*columns)
    width = len(fields)
    left_out = dict.fromkeys(W3C_ONLY) if not full else {}
    actors: dict[int, PageActor] = {}
    nicknames: dict[int | None, str] = {}
    annotations = []
    new = object.__new__
    for row in rows:
        a = new(PageAnnotation)
        # The row's columns become the object's attributes in one step: thousands of
        # setattr() calls were a large part of a big page's time.
        a.__dict__ = values = dict(zip(fields, row, strict=False))
        values.update(left_out)
        values["paragraph"] = by_paragraph.get(values["paragraph_id"])
        values["tags"] = []
        creator = values["created_by_id"]
        if creator is None:
            values["creator_nickname"] = public_nickname(values["creator_name"])
        else:
            if creator not in nicknames:
                nicknames[creator] = public_nickname(row[width], creator)
            values["creator_nickname"] = nicknames[creator]
        actor_id = values["actor_id"]
        if actor_id is None:
            values["actor"] = None
        else:
            actor = actors.get(actor_id)
            if actor is None:
                actor = actors[actor_id] = _actor(actor_id, row[width + 1 :], paths)
            values["actor"] = actor
        annotations.append(a)
    _attach_tags(queryset, annotations, paths)
    _attach_sources(annotations)
    return annotations


def _actor(pk, values, paths):
    actor = PageActor()
    actor.pk = pk
    for name, value in zip(ACTOR_FIELDS, values, strict=True):
        setattr(actor, name, value)
    actor.path = Paths.of(paths.actor, actor.slug)
    actor.url = uri_to_iri(actor.path)
    return actor


def _attach_tags(queryset, annotations, paths):
    """Each annotation's tags as (name, address), in the order they were added (as taggit lists them)."""
    if not annotations:
        return
    by_pk = {a.pk: a for a in annotations}
    # A subquery, not a list of ids: thousands of parameters are past SQLite's limit.
    tagged = TaggedAnnotation.rows_of(queryset.values("pk"))
    urls = {}
    for object_id, name, slug in tagged:
        annotation = by_pk.get(object_id)
        if annotation is None:
            continue
        if slug not in urls:
            urls[slug] = Paths.link(paths.tag, slug)
        annotation.tags.append((name, urls[slug]))


def _attach_sources(annotations):
    """Each claim's source, from the rows read when it is among them, else in one query."""
    sources = {a.pk: a for a in annotations}
    missing = {a.via_id for a in annotations if a.via_id and a.via_id not in sources}
    found = {}
    if missing:
        for pk, exact, actor_name in Annotation.objects.filter(pk__in=missing).values_list(
            "pk", "exact", "actor__name"
        ):
            found[pk] = _source(pk, exact, actor_name)
    for a in annotations:
        a.via = None
        if a.via_id:
            row = sources.get(a.via_id)
            if row is not None:
                a.via = _source(row.pk, row.exact, row.actor.name if row.actor else None)
            else:
                a.via = found.get(a.via_id)


def _source(pk, exact, actor_name):
    source = Source()
    source.pk, source.exact, source.actor_name = pk, exact, actor_name
    return source
