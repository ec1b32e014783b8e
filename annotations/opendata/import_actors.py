"""The actors an annotation file describes: matched to those here, or created."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from annotations import services, w3c
from annotations.models import Actor, ActorAlias
from annotations.opendata.import_files import AnnotationImportError, Problem, reason_of
from archive.normalise import search_key
from archive.slugs import find_by_slug, slug_form


def actor_label(iri) -> str:
    return _("actor %(iri)s") % {"iri": iri}


def actor_key(reference):
    return reference.get("id") if isinstance(reference, dict) else reference


def ensure_actors(items, report) -> dict:
    """Match or create every actor the file describes, parents included; returns IRI → Actor."""
    described: dict[str, dict] = {}

    def describe(source, where):
        key = actor_key(source)
        if not isinstance(key, str):
            raise AnnotationImportError(Problem(where, _("an actor needs an id (its IRI)")))
        if isinstance(source, dict) or key not in described:
            described[key] = source if isinstance(source, dict) else {"id": source}
        parent = described[key].get("parent")
        if isinstance(parent, dict):
            describe(parent, where)
        return key

    for item in items:
        bodies = item.get("body") if isinstance(item, dict) else None
        if isinstance(bodies, dict):
            bodies = [bodies]
        for body in bodies if isinstance(bodies, list) else []:
            if isinstance(body, dict) and body.get("role") == "actor":
                describe(body.get("source"), item.get("id"))
    described = {iri: _checked(iri, description) for iri, description in described.items()}
    actors = {
        iri: _match_or_create(iri, description, report) for iri, description in described.items()
    }
    for iri, description in described.items():
        parent_iri = actor_key(description.get("parent"))
        if isinstance(parent_iri, str) and actors[iri].parent_id is None:
            parent = actors.get(parent_iri) or _match(parent_iri, {})
            if parent and parent != actors[iri]:
                actors[iri].parent = parent
                actors[iri].save(update_fields=["parent"])
    return actors


TEXT_FIELDS = ("name", "actorKind", "nameEn", "country", "description", "sameAs")
ALIAS_MAX = ActorAlias._meta.get_field("alias").max_length


def _checked(iri, description) -> dict:
    """The description with its alias list, or a problem naming the field of the wrong type.

    `alias` is a set in the JSON-LD context: a processor compacts a one-element set
    to a plain string, which is one alias, never a list of its letters.
    """
    for key in TEXT_FIELDS:
        if description.get(key) is not None and not isinstance(description[key], str):
            raise AnnotationImportError(
                Problem(actor_label(iri), _("%(field)s must be a string") % {"field": key})
            )
    aliases = description.get("alias") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise AnnotationImportError(
            Problem(actor_label(iri), _("alias must be a string or a list of strings"))
        )
    name = description.get("name") or ""
    # The name is stored as an alias too; one too long as a name is refused as one.
    for alias in [*aliases, name] if len(name) <= ALIAS_MAX else aliases:
        # The stored search form may be longer than the alias (NFKC unfolds ligatures).
        if max(len(alias.strip()), len(search_key(alias))) > ALIAS_MAX:
            raise AnnotationImportError(
                Problem(
                    actor_label(iri),
                    _("the alias «%(alias)s…» is longer than %(limit)s characters")
                    % {"alias": alias[:40], "limit": ALIAS_MAX},
                )
            )
    return {**description, "alias": aliases}


def _match(iri, description):
    slug = w3c.actor_slug_from(iri)
    # A file from before slugs were made typeable names «كـبـيـر»; the actor is «كبير» now.
    if slug and (actor := find_by_slug(Actor.objects.all(), slug, history=Actor.history.all())):
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


SLUG_MAX = Actor._meta.get_field("slug").max_length


def _usable_slug(slug) -> str:
    """The slug the file's IRI gives, if the actor's page can have it; else "" (one is made
    from the name): a space or a slash would give a page no link can reach."""
    if slug and len(slug) <= SLUG_MAX and re.fullmatch(r"[-\w]+", slug):
        return slug_form(slug)  # typeable, as every slug made here (archive.slugs)
    return ""


def _match_or_create(iri, description, report):
    actor = _match(iri, description)
    if actor:
        return actor
    if not description.get("name"):
        raise AnnotationImportError(
            Problem(actor_label(iri), _("unknown here, and the file does not describe it"))
        )
    kind = description.get("actorKind") or Actor.Kind.OTHER
    if kind not in Actor.Kind.values:
        raise AnnotationImportError(
            Problem(actor_label(iri), _("unknown kind %(kind)r") % {"kind": kind})
        )
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
            slug=_usable_slug(w3c.actor_slug_from(iri)),
        )
    except ValidationError as exc:
        raise AnnotationImportError(Problem(actor_label(iri), reason_of(exc))) from None
    report.actors_created += 1
    return actor
