"""Read-only queries behind the actor and tag pages.

Each queryset built here costs the page one query whatever the number of
rows: counts are aggregates or subqueries and related rows come through
select_related, so templates never query per row.
"""

from django import forms
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404

from annotations.models import Actor, ActorAlias, Annotation, Tag
from archive.models import Article
from archive.normalise import search_key

CLAIM = Annotation.Kind.CLAIM
# A source annotation with an actor also says the actor was mentioned.
MENTION_KINDS = (Annotation.Kind.ACTOR, Annotation.Kind.SOURCE)
UNKNOWN_VALUE = "قيمة غير معروفة"


def shown_annotations(user):
    """The annotations a user may see on the browse pages.

    Orphans are left out: their words are gone from the paragraph, so the
    reading page does not highlight them and a link to them would land nowhere.
    """
    return Annotation.objects.visible_to(user).exclude(anchor_state=Annotation.AnchorState.ORPHANED)


def newest_first(annotations):
    """Newest article first, then in reading order within an article."""
    return annotations.order_by(
        F("paragraph__article__published_on").desc(nulls_last=True),
        "-paragraph__article_id",
        "paragraph__position",
        "start",
        "pk",
    )


def for_rows(annotations):
    """Everything a claim or annotation row shows: speaker, source and its actor, article, outlet."""
    return newest_first(
        annotations.select_related("actor", "via__actor", "paragraph__article__outlet")
    )


def articles_containing(annotations):
    """The articles holding any of `annotations`, each with how many and the first one.

    One query: the count and the first annotation in reading order are
    correlated subqueries, so the link can go straight to `#a-<first_hit>`.
    """
    in_article = annotations.filter(paragraph__article=OuterRef("pk"))
    return (
        Article.objects.filter(pk__in=annotations.values("paragraph__article"))
        .select_related("outlet")
        .annotate(
            hit_count=Subquery(
                # order_by() drops Annotation's default ordering, which would split the group.
                in_article.order_by()
                .values("paragraph__article")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            first_hit=Subquery(
                in_article.order_by("paragraph__position", "start", "pk").values("pk")[:1]
            ),
        )
        .newest_first()
    )


# Actors


def actor_profile(slug):
    """The actor with its parent, children and aliases: three queries, or 404."""
    return get_object_or_404(
        Actor.objects.select_related("parent").prefetch_related("aliases", "children"),
        slug=slug,
    )


def actor_claims(user, actor):
    return for_rows(shown_annotations(user).filter(kind=CLAIM, actor=actor))


def actor_mentions_by_article(user, actor):
    return articles_containing(shown_annotations(user).filter(kind__in=MENTION_KINDS, actor=actor))


class ActorListForm(forms.Form):
    kind = forms.ChoiceField(
        label="النوع",
        choices=[("", "كل الأنواع"), *Actor.Kind.choices],
        required=False,
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    q = forms.CharField(label="الاسم", max_length=100, required=False, strip=True)


# Kinds in the order the model declares them (people first), not alphabetically by code.
KIND_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Actor.Kind.values)),
    default=Value(len(Actor.Kind.values)),
    output_field=IntegerField(),
)


def actors_with_counts(user, *, kind="", q=""):
    """Actors with their visible claim and mention counts, by kind then most claims."""
    shown = shown_annotations(user)
    actors = Actor.objects.annotate(
        claim_count=Count("annotations", filter=Q(annotations__kind=CLAIM, annotations__in=shown)),
        mention_count=Count(
            "annotations",
            filter=Q(annotations__kind__in=MENTION_KINDS, annotations__in=shown),
        ),
        kind_order=KIND_ORDER,
    )
    if kind:
        actors = actors.filter(kind=kind)
    if q:
        match = Q(name__icontains=q) | Q(name_en__icontains=q)
        key = search_key(q)
        if key:
            # Aliases are stored folded, so «راس النظام» finds «رأس النظام».
            match |= Q(pk__in=ActorAlias.objects.filter(search_key__contains=key).values("actor"))
        actors = actors.filter(match)
    return actors.order_by("kind_order", "-claim_count", "-mention_count", "name", "pk")


# Tags


def tag_by_slug(slug):
    return get_object_or_404(Tag, slug=slug)


def tags_with_counts(user):
    """Tags carried by at least one visible annotation, most used first."""
    # The filter and the count use the same join, so only visible annotations are counted.
    return (
        Tag.objects.filter(annotation__in=shown_annotations(user))
        .annotate(annotation_count=Count("annotation"))
        .order_by("-annotation_count", "name")
    )


def tag_annotations(user, tag):
    return for_rows(shown_annotations(user).filter(tags=tag))


def tag_articles(user, tag):
    return articles_containing(shown_annotations(user).filter(tags=tag))
