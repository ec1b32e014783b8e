"""Read-only queries behind the actor and tag pages.

Each queryset built here costs the page one query whatever the number of
rows: counts are aggregates or subqueries and related rows come through
select_related, so templates never query per row.
"""

import hashlib

from django import forms
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from annotations.models import READERS_SEE_BY_COUNTS, Actor, ActorAlias, Annotation, Tag
from archive.collation import alphabetical
from archive.models import Article, sees_drafts
from archive.normalise import search_key
from archive.slugs import find_by_slug
from readingroom import freshness

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


# Articles


def articles_with_counts(user):
    """Articles the user may see, newest first, with their outlet and counts, in one query.

    Counts are of what the reading page highlights (orphans left out): claims,
    sources and actor mentions, kept by the writes (annotations/counts.py); the
    paragraphs are counted for the rows of the page only. All of an article's
    annotations are visible to whoever may see the article.
    """
    return (
        Article.objects.visible_to(user)
        .for_listing()
        .annotate(
            claim_count=Coalesce("annotation_counts__claims", 0),
            source_count=Coalesce("annotation_counts__sources", 0),
            actor_mention_count=Coalesce("annotation_counts__actor_mentions", 0),
        )
        .newest_first()
    )


def seen(user) -> str:
    """Which of the kept counts this user reads: "all" for editors, "published" for readers."""
    return "all" if sees_drafts(user) else "published"


def list_total(user, queryset, name: str, *filters: str) -> int:
    """How many rows a list has, counted once per version of the lists.

    Every write that can change a list's rows (an annotation, an actor, an alias
    or a tag, and the site-wide ones) renews the "annotations" scope, so the
    count is never stale; a page then reads only its own rows.
    """
    if filters:
        name += ":" + hashlib.sha1("\0".join(filters).encode(), usedforsecurity=False).hexdigest()
    return freshness.cached_value(["annotations"], f"{name}:{seen(user)}", queryset.count)


# Actors


def actor_profile(user, slug):
    """The actor with its aliases and the parent and children the user may see, or 404.

    Three queries. An actor known to readers only from drafts is missing for them
    (Actor.objects.visible_to), and so are such parents and children. A slug the
    actor had, or one typed with harakat or Arabic-Indic digits, finds it too
    (archive.slugs.find_by_slug): its `slug` then differs, and the page redirects.
    """
    visible = Actor.objects.visible_to(user)
    actor = find_by_slug(
        visible.select_related("parent")
        .annotate(parent_visible=Exists(visible.filter(pk=OuterRef("parent_id"))))
        .prefetch_related("aliases", Prefetch("children", queryset=visible)),
        slug,
        history=Actor.history.all(),
    )
    if actor is None:
        raise Http404
    actor.visible_parent = actor.parent if actor.parent_visible else None
    return actor


def actor_claims(user, actor):
    return for_rows(shown_annotations(user).filter(kind=CLAIM, actor=actor))


def actor_mentions(user, actor):
    return shown_annotations(user).filter(kind__in=MENTION_KINDS, actor=actor)


def actor_mentions_by_article(user, actor):
    return articles_containing(actor_mentions(user, actor))


def actor_mention_count(user, actor) -> int:
    return actor_mentions(user, actor).count()


class ActorListForm(forms.Form):
    kind = forms.ChoiceField(
        label="النوع",
        choices=[("", "كل الأنواع"), *Actor.Kind.choices],
        required=False,
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    q = forms.CharField(label="الاسم", max_length=100, required=False, strip=True)


def actors_with_counts(user, *, kind="", q=""):
    """Actors the user may see, with their visible claim and mention counts, by kind then most claims.

    Readers do not see actors known only from drafts; actors with no annotation
    at all are listed, with zero counts (see Actor.objects.visible_to). The counts
    are kept by the writes (annotations/counts.py) and each order has its index,
    so a page reads its own rows whatever the size of the archive.
    """
    counted = seen(user)
    actors = Actor.objects.all()
    if counted == "published":
        actors = actors.filter(READERS_SEE_BY_COUNTS)
    actors = actors.annotate(
        claim_count=F(f"claims_{counted}"), mention_count=F(f"mentions_{counted}")
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
    return actors.order_by(
        "kind_rank", f"-claims_{counted}", f"-mentions_{counted}", *alphabetical()
    )


# Tags


def tag_by_slug(user, slug):
    """The tag, or 404 when it is on no annotation the user may see (for readers: only drafts).

    Found by an old or hand-typed slug as actors are (see actor_profile).
    """
    tag = find_by_slug(Tag.objects.visible_to(user), slug, history=Tag.history.all())
    if tag is None:
        raise Http404
    return tag


def tags_with_counts(user):
    """Tags carried by at least one visible annotation, most used first (counts kept by the writes)."""
    column = f"annotations_{seen(user)}"
    return (
        Tag.objects.filter(**{f"{column}__gt": 0})
        .annotate(annotation_count=F(column))
        .order_by(f"-{column}", *alphabetical())
    )


def tag_annotations(user, tag):
    return for_rows(shown_annotations(user).filter(tags=tag))


def tag_articles(user, tag):
    return articles_containing(shown_annotations(user).filter(tags=tag))
