"""What the reading page needs about annotations, fetched in a constant number of queries."""

from collections import defaultdict

from annotations import permissions, w3c
from annotations.cues import lexicon_for_browser
from annotations.models import NOTE_MAX_LENGTH, Actor, Annotation
from annotations.opendata import schemaorg
from annotations.reading.rendering import render_paragraph


def annotated_paragraphs(request, article, paragraphs):
    """Context for templates/archive/article_detail.html: rendered paragraphs and cards."""
    annotations = list(
        Annotation.objects.visible_to(request.user).for_article(article).for_rendering()
    )
    by_paragraph = defaultdict(list)
    for annotation in annotations:
        by_paragraph[annotation.paragraph_id].append(annotation)
    rendered = [(p, render_paragraph(p.text, by_paragraph[p.pk])) for p in paragraphs]
    user = request.user
    for annotation in annotations:
        annotation.can_change = permissions.can_change(user, annotation)
        annotation.can_delete = permissions.can_delete(user, annotation)
    context = {
        "rendered_paragraphs": rendered,
        "annotations": [
            a for a in annotations if a.anchor_state != Annotation.AnchorState.ORPHANED
        ],
        "kinds": Annotation.Kind,
        "can_annotate": permissions.can_annotate(user),
    }
    if article.is_published:
        # schema.org Claim items for machines reading the public page; a draft is not yet one.
        claims = [a for a in context["annotations"] if a.kind == Annotation.Kind.CLAIM]
        context["schemaorg_script"] = schemaorg.script_element(
            schemaorg.article_graph(article, claims, request.build_absolute_uri("/").rstrip("/"))
        )
    if context["can_annotate"]:
        context["editor_choices"] = {
            "actor_kind": Actor.Kind.choices,
            "stance": Annotation.Stance.choices,
            "quote": Annotation.Quote.choices,
            "specificity": Annotation.Specificity.choices,
            "note_max": NOTE_MAX_LENGTH,
        }
        base = request.build_absolute_uri("/").rstrip("/")
        context["editor_data"] = {
            "annotations": {
                str(a.pk): {
                    **w3c.to_jsonld(a, base, with_context=False),
                }
                for a in annotations
            },
            "cues": lexicon_for_browser(),
            "canAddActor": permissions.can_add_actor(user),
            "actorKinds": [[value, label] for value, label in Actor.Kind.choices],
            "articleUrl": f"{base}{article.get_absolute_url()}",
        }
    return context
