"""Annotations in the W3C Web Annotation Data Model (JSON-LD), out and in.

The same shape is what the API answers, what it accepts, and what the seed
file holds; docs/api.md describes it with an example. Qira'a's own fields
(kind, cue, stance, quote type, source specificity) are bodies with a `role`
from a small extension context.
"""

import re
from datetime import datetime
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from annotations.models import Actor, Annotation

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXTENSION_CONTEXT = {
    "qiraa": "urn:qiraa:vocab#",
    "role": "qiraa:role",
    "actorKind": "qiraa:actorKind",
    "nameEn": "qiraa:nameEn",
    # A set: a JSON-LD processor compacting a one-alias actor keeps a list, not a string.
    "alias": {"@id": "qiraa:alias", "@container": "@set"},
    "country": "qiraa:country",
    "parent": {"@id": "qiraa:parent", "@type": "@id"},
    "anchorState": "qiraa:anchorState",
    "articleStatus": "qiraa:articleStatus",
    "description": "qiraa:description",
    "sameAs": {"@id": "http://schema.org/sameAs", "@type": "@id"},
}
CONTEXT = [ANNO_CONTEXT, EXTENSION_CONTEXT]
DRAFT = "draft"  # the articleStatus of annotations on an unpublished article
CLASSIFYING_ROLES = ("kind", "stance", "quote", "specificity")
TARGET_RE = re.compile(r"^/articles/(?P<slug>[^/]+)/$")
# Up to 18 digits: a row number, never an int() of thousands of digits from a file.
ANNOTATION_IRI_RE = re.compile(r"/api/annotations/(?P<pk>\d{1,18})/$")
ACTOR_IRI_RE = re.compile(r"/actors/(?P<slug>[^/]+)/$")


def annotation_iri(annotation, base: str) -> str:
    """Its address in the API, where it can be read, changed and deleted."""
    return f"{base}/api/annotations/{annotation.pk}/"


def canonical_iri(annotation, base: str) -> str:
    """The IRI exports use: the one it was imported with, else its API address.

    Keeping the imported IRI makes export → import → export give the same
    document, and lets a backup be restored onto another host.
    """
    return annotation.iri or annotation_iri(annotation, base)


def path_of(obj, paths=None) -> str:
    """obj.get_absolute_url(), remembered in `paths` when given: an export of a whole
    archive names each article and actor hundreds of times, and reverse() is slow."""
    if paths is None:
        return obj.get_absolute_url()
    key = (type(obj), obj.pk)
    if key not in paths:
        paths[key] = obj.get_absolute_url()
    return paths[key]


def actor_resource(actor, base: str, *, full: bool = False, hidden=frozenset(), paths=None) -> dict:
    """An actor as an identifying body's source; `full` adds what import needs to recreate it.

    `full` expects the actor's aliases prefetched and its parents selected. A
    parent whose id is in `hidden` (known only from drafts, for readers) is left out.
    """
    resource = {
        "id": f"{base}{path_of(actor, paths)}",
        "type": "Person" if actor.kind == Actor.Kind.PERSON else "Organization",
        "name": actor.name,
        "actorKind": actor.kind,
    }
    if actor.name_en:
        resource["nameEn"] = actor.name_en
    if actor.country:
        resource["country"] = actor.country
    if actor.wikidata_id:
        resource["sameAs"] = actor.wikidata_url
    if full:
        aliases = sorted(a.alias for a in actor.aliases.all() if a.alias != actor.name)
        if aliases:
            resource["alias"] = aliases
        if actor.description:
            resource["description"] = actor.description
        if actor.parent_id and actor.parent_id not in hidden:
            # Described, not only named: a parent no annotation mentions is
            # otherwise lost when the export is imported into an empty archive.
            resource["parent"] = actor_resource(
                actor.parent, base, full=True, hidden=hidden, paths=paths
            )
    return resource


def to_jsonld(
    annotation,
    base: str,
    *,
    with_context: bool = True,
    export: bool = False,
    tags=None,
    hidden_actors=frozenset(),
    paths=None,
) -> dict:
    """One annotation as W3C JSON-LD. Expects for_rendering() relations loaded.

    `tags` (names) may be given when read in bulk; otherwise the prefetched tags are used.
    `paths` (a dict) remembers the articles' and actors' addresses from one call to the next.
    `export` gives canonical IRIs and full actor descriptions (see exporting.py):
    what a file needs to be imported elsewhere; `hidden_actors` are not described. The API and the editor use API
    addresses, which they can act on.
    """
    paragraph = annotation.paragraph
    bodies = [_textual("classifying", "kind", annotation.kind)]
    if annotation.actor_id:
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "role": "actor",
                "source": actor_resource(
                    annotation.actor, base, full=export, hidden=hidden_actors, paths=paths
                ),
            }
        )
    if annotation.via_id:
        via = (
            canonical_iri(annotation.via, base)
            if export
            else f"{base}/api/annotations/{annotation.via_id}/"
        )
        bodies.append(
            {"type": "SpecificResource", "purpose": "linking", "role": "via", "source": via}
        )
    if annotation.cue:
        bodies.append(_textual("describing", "cue", annotation.cue))
    for role in ("stance", "quote", "specificity"):
        if getattr(annotation, role):
            bodies.append(_textual("classifying", role, getattr(annotation, role)))
    names = [tag.name for tag in annotation.tags.all()] if tags is None else tags
    bodies.extend({"type": "TextualBody", "purpose": "tagging", "value": name} for name in names)
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/plain",
            }
        )
    data = {
        "id": canonical_iri(annotation, base) if export else annotation_iri(annotation, base),
        "type": "Annotation",
        "motivation": "classifying",
        "created": annotation.created.isoformat(),
        "modified": annotation.updated.isoformat(),
        "body": bodies,
        "target": {
            "source": f"{base}{path_of(paragraph.article, paths)}#{paragraph.anchor}",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.exact,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        },
        "anchorState": annotation.anchor_state,
    }
    if not paragraph.article.is_published:
        # Only editors and curators are shown a draft's annotations: mark them.
        data["articleStatus"] = DRAFT
    # A nickname only: e-mail addresses never leave the archive.
    nickname = annotation.creator_nickname
    if nickname:
        data["creator"] = {"type": "Person", "nickname": nickname}
    if with_context:
        data = {"@context": CONTEXT, **data}
    return data


def _textual(purpose, role, value):
    return {"type": "TextualBody", "purpose": purpose, "role": role, "value": value}


class Incoming:
    """A parsed annotation: where it points and the fields to save.

    `target` is (article slug, paragraph position); `actor` and `via` are
    references (IRI or embedded description) resolved by the caller.
    """

    def __init__(self):
        self.target = None
        self.selectors = {}
        self.fields = {}
        self.tags = []
        self.actor = None
        self.via = None
        # The `modified` sent, as sent (None if absent): a change names the version
        # it was made to; the API reads it with parse_modified. Import ignores it.
        self.modified = None


def parse(data) -> Incoming:
    """Read one annotation in our JSON-LD shape; raises ValidationError naming what is wrong."""
    if not isinstance(data, dict):
        raise ValidationError("التوسيم يجب أن يكون كائن JSON.")
    incoming = Incoming()
    target = data.get("target")
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise ValidationError(
            {"target": ["يلزم target.source: رابط الفقرة (…/articles/<slug>/#p-N)."]}
        )
    incoming.target = parse_target_source(target["source"])
    incoming.modified = data.get("modified")
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    for selector in selectors if isinstance(selectors, list) else []:
        if isinstance(selector, dict) and isinstance(selector.get("type"), str):
            incoming.selectors[selector["type"]] = selector
    position = incoming.selectors.get("TextPositionSelector")
    quote = incoming.selectors.get("TextQuoteSelector")
    if position is None and quote is None:
        raise ValidationError({"target": ["يلزم TextPositionSelector أو TextQuoteSelector."]})
    if position is not None:
        for key in ("start", "end"):
            value = position.get(key)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValidationError({key: ["الموضع عدد صحيح بنقاط الترميز."]})
            incoming.fields[key] = value
    if quote is not None:
        for key in ("exact", "prefix", "suffix"):
            value = quote.get(key, "")
            if not isinstance(value, str):
                raise ValidationError({key: ["نص الاقتباس يجب أن يكون نصًا."]})
            incoming.fields[key] = value

    bodies = data.get("body", [])
    if isinstance(bodies, dict):
        bodies = [bodies]
    if not isinstance(bodies, list):
        raise ValidationError({"body": ["body قائمة."]})
    for body in bodies:
        _read_body(body, incoming)
    if "kind" not in incoming.fields:
        raise ValidationError({"kind": ["يلزم نوع التوسيم: claim أو source أو actor."]})
    return incoming


def _read_body(body, incoming):
    if not isinstance(body, dict):
        raise ValidationError({"body": ["كل جسم كائن JSON."]})
    purpose, role = body.get("purpose"), body.get("role")
    if purpose == "tagging":
        incoming.tags.append(_string(body.get("value"), "tags"))
    elif purpose == "commenting":
        incoming.fields["note"] = _string(body.get("value"), "note")
    elif role in CLASSIFYING_ROLES or role == "cue":
        value = _string(body.get("value"), role)
        choices = CHOICES.get(role)
        if choices is not None and value not in choices:
            raise ValidationError(
                {role: [f"قيمة غير معروفة {value!r}؛ المسموح: {', '.join(choices)}."]}
            )
        incoming.fields[role] = value
    elif role == "actor":
        incoming.actor = body.get("source")
    elif role == "via":
        incoming.via = body.get("source")
    else:
        raise ValidationError({"body": [f"جسم غير معروف: purpose={purpose!r} role={role!r}."]})


# Built once: TextChoices.values makes a new list at every call, for every body of a file.
CHOICES = {
    "kind": tuple(Annotation.Kind.values),
    "stance": tuple(Annotation.Stance.values),
    "quote": tuple(Annotation.Quote.values),
    "specificity": tuple(Annotation.Specificity.values),
}


def _string(value, field):
    if not isinstance(value, str):
        raise ValidationError({field: ["القيمة يجب أن تكون نصًا."]})
    return value


def parse_modified(value) -> datetime:
    """The `modified` time sent back with a change, as this API wrote it (ISO 8601 with offset)."""
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed, but not a real date or time
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(
            {"modified": ["modified وقت بصيغة ISO 8601 مع فرق التوقيت، كما أرسله الخادم."]}
        )
    return moment


def parse_target_source(source: str) -> tuple[str, int]:
    """(article slug, paragraph position) from …/articles/<slug>/#p-N; any host."""
    parts = urlsplit(source)
    match = TARGET_RE.match(unquote(parts.path))
    # Positions of up to nine digits: more is no paragraph, and int() of thousands refuses.
    fragment = re.fullmatch(r"p-(\d{1,9})", parts.fragment or "")
    if not match or not fragment:
        raise ValidationError({"target": [f"رابط الفقرة غير مفهوم: {source[:200]!r}."]})
    return match["slug"], int(fragment[1])


def actor_slug_from(reference) -> str | None:
    iri = reference.get("id") if isinstance(reference, dict) else reference
    if not isinstance(iri, str):
        return None
    match = ACTOR_IRI_RE.search(unquote(urlsplit(iri).path))
    return match["slug"] if match else None


def annotation_pk_from(reference) -> int | None:
    if not isinstance(reference, str):
        return None
    match = ANNOTATION_IRI_RE.search(urlsplit(reference).path)
    return int(match["pk"]) if match else None
