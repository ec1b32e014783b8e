"""Read a collection of W3C JSON-LD annotations into the database, all or nothing.

Used for the seed annotations, by import_annotations and the admin upload.
Files are read by import_files.py; actors are matched or created by
import_actors.py. A `via` may point at another annotation in the same file by its `id`.

An `id` in a file is an identity, never a local primary key. An annotation
with an id is matched to the row imported under that id (`iri`), or, when the
id is this site's API address `…/api/annotations/N/`, to row N only if row N
was made here (no `iri`) and is that annotation: same article, same kind, same
`created` time. Otherwise it is new, and keeps the id as its `iri`, so that
importing the file again matches it and exporting writes the same id. An
annotation with an id is never merged with a row of another identity: only
annotations without an id are matched by place (paragraph, offsets, kind and
actor), each row once. Importing the same file again changes nothing, and a
changed file updates what changed.

Creators stay names (`creator_name`): an import never makes a local user the
creator of an annotation they did not make here, and never changes the creator
of an annotation already here. Only an administrator restoring this site's own
export may ask for the names to be relinked to the local users of those logins
(`relink_creators`, import_annotations --relink-creators).
"""

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from annotations import anchoring, counts, search, services, w3c
from annotations.models import Annotation, TaggedAnnotation
from annotations.opendata import bulk
from annotations.opendata.bulk import chunks
from annotations.opendata.import_actors import actor_key, ensure_actors
from annotations.opendata.import_files import (
    AnnotationImportError,
    Problem,
    collection_id_of,
    items_of,
    reason_of,
    unsafe_reason,
)
from archive.models import Paragraph
from archive.safe_text import find_unsafe
from archive.slugs import slug_form
from readingroom import freshness

CHUNK = 500  # annotations read, matched and written together
# 2 MB of bits: of 100,000 distinct ids about 0.6% are suspected (a shared bit), of a
# million about 6%; the suspects, not all the ids, are what the second pass holds.
SEEN_BITS = 1 << 24


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    refound: int = 0  # offsets had drifted; the quote was found again in its paragraph
    widened: int = 0  # an edge cut a lam-alef, harakat or a flag: widened to the whole glyph
    actors_created: int = 0
    creators_relinked: int | None = None  # counted only when relinking was asked for

    def __str__(self):
        text = (
            f"annotations created {self.created}, updated {self.updated}, "
            f"skipped {self.skipped} (already there), re-found by their quote {self.refound}; "
            f"actors created {self.actors_created}"
        )
        if self.creators_relinked is not None:
            text += f"; creators relinked to local users {self.creators_relinked}"
        if self.widened:
            text += f"; widened to whole letters {self.widened}"
        return text


def import_collection(data, *, site_url: str = "", relink_creators: bool = False) -> ImportReport:
    """Create, update or skip each annotation of `data` (parsed JSON); all or nothing."""
    items = items_of(data)
    return import_items(
        lambda: iter(items),
        site_url=site_url,
        relink_creators=relink_creators,
        collection_id=collection_id_of(data),
    )


def is_own_export(collection_id: str, site_url: str) -> bool:
    """Whether a collection's id says this site wrote it (export_annotations names it
    `<SITE_URL>/annotations.jsonld`)."""
    return bool(site_url) and (
        collection_id == site_url or collection_id.startswith(f"{site_url}/")
    )


@transaction.atomic
@freshness.site_wide_write()
def import_items(
    items, *, site_url: str = "", relink_creators: bool = False, collection_id: str = ""
) -> ImportReport:
    """Import from `items()`, a fresh iterator over the annotations at each call.

    Four passes (checks, actors, then sources, then the rest, so that claims can
    point at their sources with `via`) over an iterator rather than a list: a
    file in export's layout is read line by line and memory stays flat. Every
    problem is collected before anything is kept, so one run names them all;
    then, if there is any, the transaction is rolled back.

    `relink_creators` gives each annotation created by this import to the local
    user whose login its file names; it is refused unless `collection_id` says
    the file is this site's own export.
    """
    if relink_creators and not is_own_export(collection_id, site_url):
        raise AnnotationImportError(
            _(
                "creators are relinked only in this site's own export: the collection id "
                "%(id)s does not start with %(site)s"
            )
            % {"id": collection_id[:200] or '""', "site": site_url}
        )
    with search.deferred_indexing(), bulk.own_garbage_only():
        return _import_items(items, site_url, relink_creators)


def _import_items(items, site_url, relink_creators):
    run = _Run(site_url, relink_creators)
    problems, unreadable = _unreadable(items)
    problems += _duplicate_ids(items)

    def readable():
        return ((index, item) for index, item in enumerate(items()) if index not in unreadable)

    run.actors = ensure_actors((item for _index, item in readable()), run.report)
    for sources in (True, False):
        chosen = (
            (index, item) for index, item in readable() if (_kind_of(item) == "source") == sources
        )
        for chunk in chunks(chosen, CHUNK):
            if len(chunk) == CHUNK:
                # Saved models hold reference cycles: collected after each full chunk,
                # memory stays flat (a small file is not worth a pass over the heap).
                gc.collect()
            problems += _import_chunk(chunk, run)
    if problems:
        raise AnnotationImportError(problems)
    _keep_numbers_free(run.highest_own)
    if run.report.created >= ANALYZE_AFTER:
        _refresh_statistics()
    return run.report


ANALYZE_AFTER = 1000  # annotations created: a restore, not a correction
# Numbers kept free go no higher: no archive here holds ten million annotations, and a
# file naming …/api/annotations/2147483647/ must not use up every number there is.
RESERVED_MAX = 10_000_000


def _refresh_statistics() -> None:
    """Tell PostgreSQL's planner how many annotations and tags there now are.

    After a restore into an empty archive its statistics still say "a few rows"
    until autovacuum comes by; meanwhile it joins articles to annotations by a
    loop over both (an export of 10,000 annotations took minutes instead of
    seconds). ANALYZE inside the transaction counts the rows it has written.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Annotation, TaggedAnnotation):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"ANALYZE {table}")  # a table name of ours, quoted


def _keep_numbers_free(highest: int) -> None:
    """Annotations made here after the import get numbers above `highest`, the largest N
    of the file's ids that are this site's address …/api/annotations/N/ and were kept as
    iris: otherwise a new annotation's own address could be a restored one's id, and
    the next export would hold that id twice. A gap in the numbering is all it costs."""
    if not highest:
        return
    table = Annotation._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            stored = Annotation.objects.aggregate(models.Max("pk"))["pk__max"] or 0
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s, %s))",
                [table, highest, stored],
            )
        elif connection.vendor == "sqlite":  # AUTOINCREMENT keeps its counter here
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [highest, table]
            )


class _Run:
    """What one import keeps from chunk to chunk, in memory that grows with neither
    the file nor the archive, except by what it must name: problems and refused ids."""

    def __init__(self, site_url, relink_creators=False):
        self.site_url = site_url
        self.report = ImportReport(creators_relinked=0 if relink_creators else None)
        self.relink = relink_creators
        self.actors = {}
        self.users = _Users()
        # Annotations created or matched by this import: none is matched twice, so
        # two annotations of the file on the same words both come back.
        self.touched = _PkBits()
        # Rows made here that this import found to be the annotation a file id (this
        # site's API address) names: a `via` in a later chunk may name them too.
        self.identified = _PkBits()
        self.refused = set()  # ids of the file's annotations that had a problem
        self.highest_own = 0  # the largest N of this site's addresses kept as new rows' iris

    def own_pk(self, iri) -> int | None:
        """N, if `iri` is this site's API address …/api/annotations/N/."""
        if self.site_url and iri.startswith(f"{self.site_url}/api/annotations/"):
            return w3c.annotation_pk_from(iri)
        return None


@dataclass
class _Read:
    """One annotation of the file, checked against its paragraph, before it is matched."""

    label: str
    paragraph: Paragraph
    fields: dict
    tags: list
    kept: dict
    iri: str
    via: str | None
    nickname: str  # the creator the file names ("" if none)


def _import_chunk(chunk, run) -> list[str]:
    """Read, match and write up to CHUNK annotations in a fixed number of queries.

    New annotations are validated here and written in bulk; the few that
    update an existing row go through annotation_update one by one.
    """
    problems, reads = [], []
    paragraphs = _paragraphs_of(chunk)
    for index, item in chunk:
        label = _label(item, index)
        try:
            reads.append(_read(item, label, run, paragraphs))
        except ValidationError as exc:
            problems.append(_refuse(run, label, exc))
    named = _named(reads, run)
    placed = _at_places([r for r in reads if not r.iri], run.touched)
    current_tags = bulk.tag_names([*named.values(), *(a for rows in placed.values() for a in rows)])
    new = []
    for read in reads:
        try:
            if read.via is not None:
                read.fields["via"] = _via(read.via, named, run)
            if read.iri:
                # An id is an identity: never merged with a row found by place.
                existing = named.get(read.iri)
            else:
                existing = _first_untouched(placed.get(_place(read)), run)
            if existing is None:
                new.append(_new(read, run))
                continue
            run.touched.add(existing.pk)
            _keep_creator(existing, read, run)
            if _differs(existing, read, current_tags[existing.pk]):
                _update(existing, read)
                run.report.updated += 1
            else:
                run.report.skipped += 1
        except ValidationError as exc:
            problems.append(_refuse(run, read.label, exc))
    bulk.create_annotations(new)
    for n in new:
        run.touched.add(n.annotation.pk)
        number = run.own_pk(n.annotation.iri) if n.annotation.iri else None
        if number and number <= RESERVED_MAX:
            run.highest_own = max(run.highest_own, number)
    run.report.created += len(new)
    return problems


def _keep_creator(existing, read, run):
    """An annotation already here keeps who made it, whatever the file says; relinking
    may only give a name-only creator back to the local user of that very login."""
    read.kept.pop("creator_name", None)
    user = run.users.get(read.nickname) if run.relink and read.nickname else None
    if user and existing.created_by_id is None and existing.creator_name == read.nickname:
        read.kept.update(created_by=user, creator_name="")
        run.report.creators_relinked += 1


def _refuse(run, label, exc) -> Problem:
    run.refused.add(label)
    return Problem(label, reason_of(exc))


def _via(iri, named, run):
    if iri in named:
        return named[iri]
    if iri in run.refused:
        raise ValidationError(
            _("via %(iri)s was refused (its own problem is listed)") % {"iri": iri}
        )
    raise ValidationError(
        _("via %(iri)s is neither in this file nor in the database") % {"iri": iri}
    )


def _first_untouched(rows, run):
    for annotation in rows or ():
        if annotation.pk not in run.touched:
            return annotation
    return None


class _PkBits:
    """A set of primary keys as one bit each: exact, and an eighth of a byte per row
    of the archive, where a set of 100,000 ints would take several megabytes."""

    def __init__(self):
        self.bits = bytearray()

    def add(self, pk):
        byte = pk >> 3
        if byte >= len(self.bits):
            self.bits.extend(bytes(max(byte + 1, 2 * len(self.bits)) - len(self.bits)))
        self.bits[byte] |= 1 << (pk & 7)

    def __contains__(self, pk):
        byte = pk >> 3
        return byte < len(self.bits) and bool(self.bits[byte] & (1 << (pk & 7)))


IRI_MAX = Annotation._meta.get_field("iri").max_length
CREATOR_MAX = Annotation._meta.get_field("creator_name").max_length
ANCHOR_STATES = frozenset(Annotation.AnchorState.values)
OFFSET_MAX = 2**31 - 1  # what PostgreSQL's integer holds; SQLite would overflow later


def _read(item, label, run, paragraphs) -> _Read:
    iri = item.get("id")
    if iri is None:
        iri = ""
    if not isinstance(iri, str):
        raise ValidationError({"id": [_("the id must be a string (an IRI)")]})
    if len(iri) > IRI_MAX:
        raise ValidationError(
            {"id": [_("the id is longer than %(limit)s characters") % {"limit": IRI_MAX}]}
        )
    incoming = w3c.parse(item)
    slug, position = incoming.target
    paragraph = paragraphs.get((slug, position))
    if paragraph is None:
        raise ValidationError(
            _("paragraph %(position)s of article %(slug)s not found")
            % {"position": position, "slug": slug}
        )
    for name in ("start", "end"):
        if not 0 <= incoming.fields.get(name, 0) <= OFFSET_MAX:
            raise ValidationError({name: [_("offsets are 0 or more, and under 2³¹")]})
    if incoming.via is not None and not isinstance(incoming.via, str):
        raise ValidationError({"via": [_("via must be the id (a string) of a source")]})
    if incoming.via is not None and len(incoming.via) > IRI_MAX:
        raise ValidationError(
            {"via": [_("the id is longer than %(limit)s characters") % {"limit": IRI_MAX}]}
        )
    fields = dict(incoming.fields)
    fields["actor"] = run.actors.get(actor_key(incoming.actor)) if incoming.actor else None
    kept, nickname = _kept_fields(item)
    if kept["anchor_state"] != Annotation.AnchorState.ORPHANED:
        _check_anchor(paragraph, fields, run.report)
    return _Read(label, paragraph, fields, incoming.tags, kept, iri, incoming.via, nickname)


def _paragraphs_of(chunk) -> dict:
    """(article slug, position) → Paragraph, for every article the chunk's annotations point at."""
    slugs = set()
    for _position, item in chunk:
        target = item.get("target") if isinstance(item, dict) else None
        source = target.get("source") if isinstance(target, dict) else None
        if isinstance(source, str):
            try:
                slugs.add(w3c.parse_target_source(source)[0])
            except ValidationError:
                pass  # w3c.parse names it for this annotation
    # A file from before slugs were made typeable names «كـبـيـر-٢٦»; the article is «كبير-26» now.
    typed = {slug: slug_form(slug) for slug in slugs}
    rows = Paragraph.objects.filter(article__slug__in={*slugs, *typed.values()}).annotate(
        slug=F("article__slug")
    )
    found = {(p.slug, p.position): p for p in rows}
    as_typed = {}
    for slug, form in typed.items():
        as_typed.setdefault(form, []).append(slug)
    for (slug, position), paragraph in list(found.items()):
        for old in as_typed.get(slug, ()):
            found.setdefault((old, position), paragraph)
    return found


def _unreadable(items) -> tuple[list[str], set[int]]:
    """Problems of the annotations that cannot be read at all (see unsafe_reason), and
    their positions in the file, which the later passes leave out."""
    problems, positions = [], set()
    for index, item in enumerate(items()):
        reason = unsafe_reason(item)
        if reason is not None:
            positions.add(index)
            problems.append(Problem(_label(item, index), reason))
    return problems, positions


def _label(item, index) -> str:
    """An annotation's id when it has a usable one, else its place in the file."""
    iri = item.get("id") if isinstance(item, dict) else None
    if isinstance(iri, str) and iri and find_unsafe(iri, multiline=False) is None:
        return iri[:IRI_MAX]
    return _("item %(number)s") % {"number": index + 1}


class _Users:
    """The user each creator nickname names, looked up once per import."""

    def __init__(self):
        self.by_name = {}

    def get(self, nickname):
        if nickname not in self.by_name:
            self.by_name[nickname] = (
                get_user_model().objects.filter(username=nickname).order_by().first()
            )
        return self.by_name[nickname]


def _duplicate_ids(items) -> list[str]:
    """Ids that appear more than once in the file, in memory that does not grow with it.

    A first pass marks each id's hash in a fixed table of bits; an id whose bit
    is already set may be a repeat (or share a bit with another id). Only those
    suspects are kept, and a second pass counts them exactly.
    """
    seen = bytearray(SEEN_BITS // 8)
    suspects = set()
    for iri in _ids(items()):
        bit = hash(iri) % SEEN_BITS
        if seen[bit // 8] & (1 << bit % 8):
            suspects.add(iri)
        seen[bit // 8] |= 1 << bit % 8
    if not suspects:
        return []
    counts = Counter(iri for iri in _ids(items()) if iri in suspects)
    return [
        Problem(iri, _("the same id appears %(count)s times in the file") % {"count": count})
        for iri, count in counts.items()
        if count > 1
    ]


def _ids(items):
    for item in items:
        iri = item.get("id") if isinstance(item, dict) else None
        if isinstance(iri, str):
            yield iri


def _kept_fields(item) -> tuple[dict, str]:
    """Fields the file carries that no editor sets: times, creator, anchor state; and the
    creator's nickname as the file writes it.

    The creator is kept as a name, never as a local user: a login here that
    happens to be the same may be someone else (see _keep_creator for relinking).
    """
    kept = {}
    for key, field_name in (("created", "created"), ("modified", "updated")):
        if item.get(key) is not None:
            kept[field_name] = _moment(item[key], key)
    creator = item.get("creator")
    if creator is not None and not isinstance(creator, dict):
        raise ValidationError({"creator": [_("creator must be an object with a nickname")]})
    nickname = creator.get("nickname") if creator else None
    if nickname is not None and not isinstance(nickname, str):
        raise ValidationError(_("creator.nickname must be a string"))
    nickname = (nickname or "").strip()
    if len(nickname) > CREATOR_MAX:
        raise ValidationError(
            {
                "creator": [
                    _("creator.nickname is longer than %(limit)s characters")
                    % {"limit": CREATOR_MAX}
                ]
            }
        )
    if nickname:
        kept["creator_name"] = nickname
    state = item.get("anchorState", Annotation.AnchorState.ANCHORED)
    if not isinstance(state, str) or state not in ANCHOR_STATES:
        raise ValidationError(_("unknown anchorState %(state)r") % {"state": state})
    kept["anchor_state"] = state
    return kept, nickname


def _moment(value, key):
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed, but no such day or hour
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(_("%(key)s must be an ISO 8601 time with its offset") % {"key": key})
    return moment


def _check_anchor(paragraph, fields, report):
    """Offsets that still hold the quote are kept; drifted ones follow the quote; else refused.
    Either way an edge that cuts a glyph is then widened to it."""
    text, exact = paragraph.text, fields.get("exact", "")
    start, end = fields.get("start"), fields.get("end")
    # Positions only: Annotation.clean checks them once whole.
    if exact and not (start is not None and end is not None and text[start:end] == exact):
        found = anchoring.find_quote(
            text, exact, fields.get("prefix", ""), fields.get("suffix", ""), near=start or 0
        )
        if found is None:
            raise ValidationError(
                _("its quote «%(quote)s» is not in paragraph %(position)s of the article")
                % {"quote": exact[:60], "position": paragraph.position}
            )
        fields["start"], fields["end"] = found
        report.refound += 1
    _keep_glyphs_whole(text, fields, report)


def _keep_glyphs_whole(text, fields, report):
    """A file made before lam-alef could not be cut (or elsewhere) may cut one, or harakat
    or a flag: its words are kept, with the rest of that glyph, as the reading page showed
    them. Refusing would refuse the whole file for one letter; nobody is there to choose."""
    start, end = fields.get("start"), fields.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return  # Annotation.clean says what is wrong with them
    whole = anchoring.whole_span(text, start, end)
    if whole != (start, end):
        quote = anchoring.quote_at(text, *whole)
        fields.update(
            start=whole[0],
            end=whole[1],
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
        )
        report.widened += 1


def _named(reads, run) -> dict:
    """File id → the annotation here that has that identity, for the ids and `via`s of
    `reads`: the one imported under that id, or, for this site's API address
    …/api/annotations/N/, row N when it was made here and is that annotation."""
    by_iri = {r.iri: r for r in reads if r.iri}
    iris = by_iri.keys() | {r.via for r in reads if r.via}
    if not iris:
        return {}
    rows = Annotation.objects.filter(iri__in=iris).select_related("paragraph").order_by()
    found = {annotation.iri: annotation for annotation in rows}
    by_pk = {}
    for iri in iris - found.keys():
        if pk := run.own_pk(iri):
            by_pk.setdefault(pk, iri)
    if not by_pk:
        return found
    rows = Annotation.objects.filter(pk__in=by_pk, iri="").select_related("paragraph")
    for annotation in rows.order_by():
        iri = by_pk[annotation.pk]
        read = by_iri.get(iri)
        if read is not None:
            if annotation.pk not in run.touched and _is_the_same(annotation, read):
                found[iri] = annotation
                run.identified.add(annotation.pk)
        elif annotation.pk in run.identified:
            found[iri] = annotation  # a `via` to a source identified in an earlier chunk
    return found


def _is_the_same(annotation, read) -> bool:
    """Whether a row made here is the annotation the file describes under its API address:
    a row the id merely happens to number (another site, another database) differs in
    its article, kind or creation time, to the microsecond."""
    created = read.kept.get("created")
    return (
        created is not None
        and annotation.created == created
        and annotation.kind == read.fields["kind"]
        and annotation.paragraph.article_id == read.paragraph.article_id
    )


def _place(read):
    fields, actor = read.fields, read.fields.get("actor")
    return (
        read.paragraph.pk,
        fields.get("start"),
        fields.get("end"),
        fields["kind"],
        actor.pk if actor else None,
    )


def _at_places(reads, touched) -> dict:
    """Place → the annotations already here on those words, of that kind and actor,
    that this import has not yet created or matched."""
    paragraph_ids = {r.paragraph.pk for r in reads}
    if not paragraph_ids:
        return {}
    found = defaultdict(list)
    rows = Annotation.objects.filter(paragraph_id__in=paragraph_ids).order_by("pk")
    for annotation in rows.select_related("paragraph"):
        if annotation.pk in touched:
            continue
        place = (
            annotation.paragraph_id,
            annotation.start,
            annotation.end,
            annotation.kind,
            annotation.actor_id,
        )
        found[place].append(annotation)
    return found


def _new(read, run) -> bulk.NewAnnotation:
    """An unsaved annotation, checked by the same rules as annotation_create, without its queries."""
    kept = dict(read.kept)
    if run.relink and read.nickname and (user := run.users.get(read.nickname)):
        kept.update(created_by=user, creator_name="")
        run.report.creators_relinked += 1
    times = {name: kept.pop(name) for name in ("created", "updated") if name in kept}
    annotation = Annotation(paragraph=read.paragraph, iri=read.iri, **read.fields, **kept)
    tags = services.clean_tags(read.tags)
    if not annotation.exact:  # positions only: the quote is the text they cover
        annotation.exact = read.paragraph.text[annotation.start : annotation.end]
    # The foreign keys were just read from the database: no need to look them up again.
    annotation.clean_fields(exclude=[*FOREIGN_KEYS, "tags"])
    if annotation.anchor_state != Annotation.AnchorState.ORPHANED:
        # An orphan's words were already lost where it was exported: kept as it is.
        annotation.clean()
    return bulk.NewAnnotation(annotation, tags, times)


FOREIGN_KEYS = ("paragraph", "actor", "via", "created_by", "updated_by")


def _update(annotation, read):
    fields, tags, kept = read.fields, read.tags, read.kept
    annotation.paragraph = read.paragraph
    if kept["anchor_state"] == Annotation.AnchorState.ORPHANED:
        for name, value in fields.items():
            setattr(annotation, name, value)
        # An orphan's words are not checked against the text, but its values are.
        annotation.clean_fields(exclude=[*FOREIGN_KEYS, "tags"])
        names = services.clean_tags(tags)
        annotation.save()
        annotation.tags.set(names)
    else:
        services.annotation_update(annotation, user=None, tags=tags, **fields)
    # What the file says about when and by whom stays as it was (an id matched its
    # row already, so the row's iri is left alone); update() leaves auto_now
    # alone, so export gives these back unchanged.
    Annotation.objects.filter(pk=annotation.pk).update(**kept)
    # update() moves no count; its anchor state is one (annotations/counts.py).
    counts.count_paragraphs({annotation.paragraph_id})


def _differs(annotation, read, tags) -> bool:
    if annotation.paragraph_id != read.paragraph.pk:
        return True
    for name, value in (*read.fields.items(), *read.kept.items()):
        # Related rows are compared by id, so that no comparison loads one.
        stored = getattr(annotation, Annotation._meta.get_field(name).attname)
        if stored != (value.pk if isinstance(value, models.Model) else value):
            return True
    return sorted(tags) != sorted(services.clean_tags(read.tags))


def _kind_of(item):
    bodies = item.get("body") if isinstance(item, dict) else None
    if isinstance(bodies, dict):
        bodies = [bodies]
    for body in bodies if isinstance(bodies, list) else []:
        if isinstance(body, dict) and body.get("role") == "kind":
            return body.get("value")
    return None
