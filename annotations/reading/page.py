"""What the reading page needs about annotations, fetched in a constant number of queries.

The highlights and cards are written from rows read in three queries at most
(page_annotations.py). What does not depend on who reads (the highlights, the
cards up to their buttons and the schema.org data) is built once per version
of the article (readingroom.freshness) and kept in the cache; only the buttons
are written for each reader. The editor's W3C JSON of every annotation is not
in the page: editor_annotations_json() gives it to GET
/articles/<slug>/editor-data/, also kept per version.
paragraph_fragment() gives one paragraph's element, cards and W3C JSON exactly
as the page has them, so that the editor replaces only what a save changed.
"""

import json

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from annotations import permissions, w3c
from annotations.cues import lexicon_for_browser
from annotations.models import NOTE_MAX_LENGTH, Actor, Annotation
from annotations.opendata import schemaorg
from annotations.reading.cards import card, card_bodies, card_list, escape
from annotations.reading.page_annotations import page_annotations, paragraph_annotations
from annotations.reading.rendering import highlighted
from readingroom import freshness


def annotated_paragraphs(request, article, paragraphs):
    """Context for templates/archive/article_detail.html: rendered paragraphs and cards."""
    # Versions first, then the cache, then the rows: what is built from these rows is
    # stored under versions taken before them, so it is never newer than its name says.
    current = freshness.versions([article_scope(article)])
    user = request.user
    can_annotate = permissions.can_annotate(user)
    base = request.build_absolute_uri("/").rstrip("/")
    # The highlights and the cards up to their buttons are the same for everyone who
    # may see the article; only «تعديل» and «حذف» depend on who reads.
    shown_entry = freshness.Kept(current, "reading-highlights-and-cards")
    schemaorg_entry = (
        freshness.Kept(current, f"reading-schemaorg:{base}") if article.is_published else None
    )
    entries = [e for e in (shown_entry, schemaorg_entry) if e is not None]
    annotations = shown = None
    if any(e.value is None for e in entries):
        # The times, prefix and suffix are only in the editor's W3C JSON, read elsewhere.
        annotations = page_annotations(article, paragraphs, full=False)
        shown = [a for a in annotations if a.anchor_state != Annotation.AnchorState.ORPHANED]
    body, bodies = shown_entry.get_or_build(
        lambda: (str(paragraphs_html(paragraphs, annotations)), card_bodies(shown))
    )
    context = {
        "reading_body": mark_safe(body),  # noqa: S308 paragraph_element escapes every value
        "cards_html": card_list(bodies, permissions_of(user)),
        "card_count": len(bodies),
        "kinds": Annotation.Kind,
        "can_annotate": can_annotate,
    }
    if schemaorg_entry is not None:
        # schema.org Claim items for machines reading the public page; a draft is not yet one.
        context["schemaorg_script"] = schemaorg_entry.get_or_build(
            lambda: schemaorg.script_element(
                schemaorg.article_graph(
                    article, [a for a in shown if a.kind == Annotation.Kind.CLAIM], base
                )
            )
        )
    if can_annotate:
        context["editor_choices"] = {
            "actor_kind": Actor.Kind.choices,
            "stance": Annotation.Stance.choices,
            "quote": Annotation.Quote.choices,
            "specificity": Annotation.Specificity.choices,
            "note_max": NOTE_MAX_LENGTH,
        }
        # The W3C JSON of the annotations is not in the page: on a long article it was
        # megabytes that the editor parsed before it was ready and rebuilt after every
        # save. editor-data.js reads it from `annotationsUrl` once the editor is ready.
        context["editor_data_script"] = editor_data_script(
            {
                "cues": lexicon_for_browser(),
                "canAddActor": permissions.can_add_actor(user),
                "actorKinds": [[value, label] for value, label in Actor.Kind.choices],
                "articleUrl": f"{base}{article.get_absolute_url()}",
                "annotationsUrl": reverse("annotations:editor_annotations", args=[article.slug]),
                # A source's address (its W3C id) is this and its id: w3c.annotation_iri().
                "annotationsApi": f"{base}/api/annotations/",
            }
        )
    return context


def editor_annotations_json(request, article) -> str:
    """The W3C JSON of every annotation of `article`, as {id: annotation}: the editor's
    data, kept once per version of the article like the page's highlights."""
    current = freshness.versions([article_scope(article)])
    base = request.build_absolute_uri("/").rstrip("/")
    entry = freshness.Kept(current, f"reading-editor-data:{base}")

    def build():
        paragraphs = list(article.paragraphs.only("pk", "position", "article_id"))
        for paragraph in paragraphs:
            paragraph.article = article
        annotations = page_annotations(article, paragraphs)
        return "{" + ",".join(_w3c_text(a, base, article) for a in annotations) + "}"

    return entry.get_or_build(build)


# Each annotation's W3C JSON text already written in this process, by everything it is
# made of. After a save the data of a long article is built again for the new version,
# but all its annotations but one are as they were: they are taken from here rather
# than written again. The key holds every value to_jsonld() reads (the times among
# them), so what is taken is exactly what would be written.
_w3c_written: dict[tuple, str] = {}
_W3C_WRITTEN_MAX = 20_000


def _actor_key(actor):
    if actor is None:
        return None
    return (
        actor.pk,
        actor.path,
        actor.kind,
        actor.name,
        actor.name_en,
        actor.country,
        actor.wikidata_id,
    )


def _w3c_text(a, base, article) -> str:
    actor = a.actor
    key = (
        base,
        article.get_absolute_url(),
        article.is_published,
        a.paragraph.position,
        a.pk,
        a.created,
        a.updated,
        a.kind,
        a.exact,
        a.prefix,
        a.suffix,
        a.start,
        a.end,
        a.anchor_state,
        a.via_id,
        a.cue,
        a.stance,
        a.quote,
        a.specificity,
        a.note,
        tuple(name for name, _ in a.tags),
        a.creator_nickname,
        _actor_key(actor),
    )
    text = _w3c_written.get(key)
    if text is None:
        if len(_w3c_written) > _W3C_WRITTEN_MAX:
            _w3c_written.clear()
        data = w3c.to_jsonld(a, base, with_context=False, tags=[name for name, _ in a.tags])
        text = _w3c_written[key] = f'"{int(a.pk)}":{_json(data)}'
    return text


def article_scope(article) -> str:
    return f"article:{article.slug}"


class _Written:
    """What the permission rules read of an annotation: who created it."""

    def __init__(self, created_by_id):
        self.created_by_id = created_by_id


def permissions_of(user):
    """creator id → (can_change, can_delete) for `user`: the rules read nothing else of an annotation."""
    decided = {}

    def may(created_by_id):
        if created_by_id not in decided:
            row = _Written(created_by_id)
            decided[created_by_id] = (
                permissions.can_change(user, row),
                permissions.can_delete(user, row),
            )
        return decided[created_by_id]

    return may


def set_permissions(user, annotations):
    """can_change and can_delete on each row."""
    may = permissions_of(user)
    for a in annotations:
        a.can_change, a.can_delete = may(a.created_by_id)


def paragraph_element(paragraph, annotations) -> str:
    """The paragraph's <p> with its highlights, as on the page (escaped HTML)."""
    return (
        f'<p id="{escape(paragraph.anchor)}" data-position="{escape(paragraph.position)}">'
        f"{highlighted(paragraph.text, annotations)}</p>"
    )


def paragraphs_html(paragraphs, annotations) -> SafeString:
    by_paragraph = {p.pk: [] for p in paragraphs}
    for a in annotations:
        by_paragraph[a.paragraph_id].append(a)
    return mark_safe(  # noqa: S308 paragraph_element escapes every value
        "\n".join(paragraph_element(p, by_paragraph[p.pk]) for p in paragraphs)
    )


def editor_annotations(annotations, base) -> dict:
    """Every annotation of the page (orphans too, so they can be deleted) in the API's shape."""
    paths = {}
    return {
        str(a.pk): w3c.to_jsonld(
            a, base, with_context=False, tags=[name for name, _ in a.tags], paths=paths
        )
        for a in annotations
    }


def _json(data) -> str:
    # Arabic as itself, not as \\u escapes, and no spaces: the same data in half the bytes.
    return schemaorg.script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def editor_data_script(data: dict) -> SafeString:
    """The editor's settings as editor-data.js reads them: {"cues", "canAddActor", …}."""
    text = _json(data)
    return mark_safe(f'<script id="editor-data" type="application/json">{text}</script>')  # noqa: S308 _json escapes < > &


def paragraph_fragment(request, article, paragraph) -> dict:
    """One paragraph as the reading page shows it: its element, its cards and the editor's
    W3C JSON of its annotations. Three queries at most, however many annotations."""
    annotations = paragraph_annotations(paragraph, full=True)
    set_permissions(request.user, annotations)
    base = request.build_absolute_uri("/").rstrip("/")
    return {
        "paragraph": {
            "id": paragraph.pk,
            "position": paragraph.position,
            "html": paragraph_element(paragraph, annotations),
        },
        "cards": [
            {"id": a.pk, "html": card(a)}
            for a in annotations
            if a.anchor_state != Annotation.AnchorState.ORPHANED
        ],
        "annotations": editor_annotations(annotations, base),
    }
