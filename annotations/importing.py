"""Read a collection of W3C JSON-LD annotations into the database, all or nothing.

Used for the seed annotations, by import_annotations and the admin upload.
Files are read by import_files.py; actors are matched or created by
import_actors.py. A `via` may point at another annotation in the same file by its `id`.
Annotations are matched by the IRI they were imported with (or this site's API
address), then by place, kind and actor: importing the same file again changes
nothing, and a changed file updates what changed.
"""

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from annotations import anchoring, bulk, search, services, w3c
from annotations.bulk import chunks
from annotations.import_actors import actor_key, ensure_actors
from annotations.import_files import AnnotationImportError, Problem, items_of
from annotations.models import Annotation
from archive.models import Paragraph

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
    actors_created: int = 0

    def __str__(self):
        return (
            f"annotations created {self.created}, updated {self.updated}, "
            f"skipped {self.skipped} (already there), re-found by their quote {self.refound}; "
            f"actors created {self.actors_created}"
        )


def import_collection(data, *, site_url: str = "") -> ImportReport:
    """Create, update or skip each annotation of `data` (parsed JSON); all or nothing."""
    items = items_of(data)
    return import_items(lambda: iter(items), site_url=site_url)


@transaction.atomic
def import_items(items, *, site_url: str = "") -> ImportReport:
    """Import from `items()`, a fresh iterator over the annotations at each call.

    Three passes (actors, then sources, then the rest, so that claims can point
    at their sources with `via`) over an iterator rather than a list: a file in
    export's layout is read line by line and memory stays flat. Every problem
    is collected before anything is kept, so one run names them all; then, if
    there is any, the transaction is rolled back.
    """
    with search.deferred_indexing():
        return _import_items(items, site_url)


def _import_items(items, site_url):
    run = _Run(site_url)
    problems = _duplicate_ids(items)
    run.actors = ensure_actors(items(), run.report)
    for sources in (True, False):
        chosen = (
            (index, item)
            for index, item in enumerate(items())
            if (_kind_of(item) == "source") == sources
        )
        for chunk in chunks(chosen, CHUNK):
            gc.collect()  # saved models hold reference cycles: keep memory flat
            problems += _import_chunk(chunk, run)
    if problems:
        raise AnnotationImportError(problems)
    return run.report


class _Run:
    """What one import keeps from chunk to chunk, in memory that grows with neither
    the file nor the archive, except by what it must name: problems, and sources
    known here under another IRI than the file's."""

    def __init__(self, site_url):
        self.site_url = site_url
        self.report = ImportReport()
        self.actors = {}
        self.users = _Users()
        # Annotations created or matched by this import: none is matched twice, so
        # two annotations of the file on the same words both come back.
        self.touched = _PkBits()
        self.refused = set()  # ids of the file's annotations that had a problem
        self.known_as = {}  # a file id → the annotation it was matched to by place


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
    ours: bool  # its id is this site's API address: the file is this site's own


def _import_chunk(chunk, run) -> list[str]:
    """Read, match and write up to CHUNK annotations in a fixed number of queries.

    New annotations are validated here and written in bulk; the few that
    update an existing row go through annotation_update one by one.
    """
    problems, reads = [], []
    paragraphs = _paragraphs_of(chunk)
    for index, item in chunk:
        label = (
            item.get("id")
            if isinstance(item, dict) and item.get("id")
            else _("item %(number)s") % {"number": index + 1}
        )
        try:
            reads.append(_read(item, label, run, paragraphs))
        except ValidationError as exc:
            problems.append(_refuse(run, label, exc))
    named = _named({iri for r in reads for iri in (r.iri, r.via) if iri}, run)
    placed = _at_places([r for r in reads if r.iri not in named], run.touched)
    current_tags = bulk.tag_names([*named.values(), *(a for rows in placed.values() for a in rows)])
    new = []
    for read in reads:
        try:
            if read.via is not None:
                read.fields["via"] = _via(read.via, named, run)
            existing = named.get(read.iri) or _first_untouched(placed.get(_place(read)), run)
            if existing is None:
                new.append(_new(read))
                continue
            run.touched.add(existing.pk)
            if not read.ours:
                # A file from elsewhere does not change who made an annotation already here.
                read.kept.pop("created_by", None)
                read.kept.pop("creator_name", None)
            if read.iri and read.iri not in named and existing.iri != read.iri:
                run.known_as[read.iri] = existing.pk
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
    run.report.created += len(new)
    return problems


def _refuse(run, label, exc) -> Problem:
    run.refused.add(label)
    return Problem(label, " ".join(exc.messages))


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


def _read(item, label, run, paragraphs) -> _Read:
    incoming = w3c.parse(item)
    slug, position = incoming.target
    paragraph = paragraphs.get((slug, position))
    if paragraph is None:
        raise ValidationError(
            _("paragraph %(position)s of article %(slug)s not found")
            % {"position": position, "slug": slug}
        )
    fields = dict(incoming.fields)
    fields["actor"] = run.actors.get(actor_key(incoming.actor)) if incoming.actor else None
    iri = item.get("id") if isinstance(item.get("id"), str) else ""
    ours = bool(run.site_url) and iri.startswith(f"{run.site_url}/api/annotations/")
    kept = _kept_fields(item, run.users if ours else None)
    if kept["anchor_state"] != Annotation.AnchorState.ORPHANED:
        _check_anchor(paragraph, fields, run.report)
    return _Read(label, paragraph, fields, incoming.tags, kept, iri, incoming.via, ours)


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
    rows = Paragraph.objects.filter(article__slug__in=slugs).annotate(slug=F("article__slug"))
    return {(p.slug, p.position): p for p in rows}


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


def _kept_fields(item, users) -> dict:
    """Fields the file carries that no editor sets: times, creator, anchor state.

    The creator's nickname names a local user only in this site's own files
    (`users` given): elsewhere, a login that happens to be the same is someone else.
    """
    kept = {}
    for key, field_name in (("created", "created"), ("modified", "updated")):
        if item.get(key) is not None:
            kept[field_name] = _moment(item[key], key)
    creator = item.get("creator")
    nickname = creator.get("nickname") if isinstance(creator, dict) else None
    if nickname is not None and not isinstance(nickname, str):
        raise ValidationError(_("creator.nickname must be a string"))
    if nickname:
        user = users.get(nickname) if users is not None else None
        kept["created_by"] = user
        kept["creator_name"] = "" if user else nickname[:150]
    state = item.get("anchorState", Annotation.AnchorState.ANCHORED)
    if state not in Annotation.AnchorState.values:
        raise ValidationError(_("unknown anchorState %(state)r") % {"state": state})
    kept["anchor_state"] = state
    return kept


def _moment(value, key):
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed, but no such day or hour
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(_("%(key)s must be an ISO 8601 time with its offset") % {"key": key})
    return moment


def _check_anchor(paragraph, fields, report):
    """Offsets that still hold the quote are kept; drifted ones follow the quote; else refused."""
    text, exact = paragraph.text, fields.get("exact", "")
    start, end = fields.get("start"), fields.get("end")
    if not exact:
        return  # positions only: Annotation.clean checks them
    if start is not None and end is not None and text[start:end] == exact:
        return
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


def _named(iris, run) -> dict:
    """IRI → the annotation it names: one imported with it, this site's own API
    address, or one this import matched by place under that IRI."""
    if not iris:
        return {}
    rows = Annotation.objects.filter(iri__in=iris).select_related("paragraph").order_by()
    found = {annotation.iri: annotation for annotation in rows}
    by_pk = {run.known_as[iri]: iri for iri in iris - found.keys() if iri in run.known_as}
    if run.site_url:
        for iri in iris - found.keys():
            if iri.startswith(f"{run.site_url}/api/annotations/"):
                if pk := w3c.annotation_pk_from(iri):
                    by_pk.setdefault(pk, iri)
    if by_pk:
        rows = Annotation.objects.filter(pk__in=by_pk).select_related("paragraph").order_by()
        found.update((by_pk[annotation.pk], annotation) for annotation in rows)
    return found


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


def _new(read) -> bulk.NewAnnotation:
    """An unsaved annotation, checked by the same rules as annotation_create, without its queries."""
    kept = dict(read.kept)
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
        annotation.save()
        annotation.tags.set(services.clean_tags(tags))
    else:
        services.annotation_update(annotation, user=None, tags=tags, **fields)
    # What the file says about when, by whom and under which IRI stays as it was;
    # update() leaves auto_now alone, so export gives these back unchanged.
    Annotation.objects.filter(pk=annotation.pk).update(iri=read.iri or annotation.iri, **kept)


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
    for body in item.get("body", []) if isinstance(item, dict) else []:
        if isinstance(body, dict) and body.get("role") == "kind":
            return body.get("value")
    return None
