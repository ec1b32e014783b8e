"""The counts the list pages show, kept by every write in the write's own transaction.

/actors/, /tags/, /claims/ (its total and facets), /data/ and the article
lists read these instead of counting the archive on each request:

- on Actor: claims, mentions and every annotation naming it (see visible_to);
- on Tag: annotations carrying it, and the claims among them;
- ArticleCounts: an article's claims, sources and actor mentions;
- ListingCount: visible claims in all and by stance, source specificity,
  speaker's kind and outlet.

Each is kept twice, for readers (published articles) and for editors (all).
Everything but "every annotation naming an actor" counts what the reading
pages highlight: orphans are left out.

How: each paragraph's annotations add "cells" to the counts ("ac:7" is one
claim by actor 7, "s:neutral" one neutral claim...). ParagraphCounts keeps
what each paragraph added when last counted. After a write, the paragraphs it
touched are counted again (their own annotations only, so the cost follows
the paragraph, not the archive) and the difference is added with UPDATE …
SET n = n + d. The receivers below cover every write made through the models;
writes in bulk (bulk_create, update()) call count_paragraphs() themselves.
rebuild() counts everything from nothing (`manage.py rebuild_listing_counts`),
and gives the same numbers.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from django.dispatch import receiver

CLAIM, SOURCE, ACTOR = "claim", "source", "actor"
ORPHANED = "orphaned"
PUBLISHED = "published"
NO_SOURCE = "none"
CHUNK = 500

# Cell prefixes → the ListingCount facet they count.
FACET_OF = {"s": "stance", "p": "specificity", "k": "actor_kind", "o": "outlet"}
# Cell prefixes → the Actor and Tag columns they count (before _published / _all).
ACTOR_COLUMN = {"ac": "claims", "am": "mentions", "aa": "annotations"}
TAG_COLUMN = {"t": "annotations", "tc": "claims"}
ARTICLE_COLUMN = {"c": "claims", "ks": "sources", "ka": "actor_mentions"}


@dataclass
class Models:
    """The models counted: the live ones, or a migration's historical ones."""

    Annotation: type
    TaggedAnnotation: type
    Actor: type
    Tag: type
    ListingCount: type
    ArticleCounts: type
    ParagraphCounts: type
    Article: type
    ContentType: type

    @classmethod
    def live(cls):
        from django.contrib.contenttypes.models import ContentType

        from annotations import models
        from archive.models import Article

        return cls(
            models.Annotation,
            models.TaggedAnnotation,
            models.Actor,
            models.Tag,
            models.ListingCount,
            models.ArticleCounts,
            models.ParagraphCounts,
            Article,
            ContentType,
        )

    @classmethod
    def of(cls, apps):
        return cls(
            apps.get_model("annotations", "Annotation"),
            apps.get_model("annotations", "TaggedAnnotation"),
            apps.get_model("annotations", "Actor"),
            apps.get_model("annotations", "Tag"),
            apps.get_model("annotations", "ListingCount"),
            apps.get_model("annotations", "ArticleCounts"),
            apps.get_model("annotations", "ParagraphCounts"),
            apps.get_model("archive", "Article"),
            apps.get_model("contenttypes", "ContentType"),
        )


def _annotation_type(m: Models):
    return m.ContentType.objects.filter(app_label="annotations", model="annotation").first()


def cells_of(paragraph_ids, m: Models) -> dict[int, tuple[int, bool, Counter]]:
    """What each paragraph's annotations add: {paragraph: (article, published, cells)}.

    Two queries: the annotations with what they are counted by, and their tags.
    """
    rows = list(
        m.Annotation.objects.filter(paragraph_id__in=paragraph_ids)
        .order_by("pk")  # the same cells, in the same order, however they are counted
        .values_list(
            "pk",
            "paragraph_id",
            "paragraph__article_id",
            "paragraph__article__status",
            "paragraph__article__outlet_id",
            "kind",
            "anchor_state",
            "actor_id",
            "actor__kind",
            "stance",
            "via_id",
            "via__specificity",
        )
    )
    if not rows:
        return {}
    tags = defaultdict(list)
    content_type = _annotation_type(m)
    if content_type is not None:
        for object_id, tag_id in (
            m.TaggedAnnotation.objects.filter(
                content_type=content_type, object_id__in=[row[0] for row in rows]
            )
            .order_by("object_id", "tag_id")
            .values_list("object_id", "tag_id")
        ):
            tags[object_id].append(tag_id)
    found = {}
    for (
        pk,
        paragraph,
        article,
        status,
        outlet,
        kind,
        state,
        actor,
        actor_kind,
        stance,
        via,
        specificity,
    ) in rows:
        if paragraph not in found:
            found[paragraph] = (article, status == PUBLISHED, Counter())
        cells = found[paragraph][2]
        if actor is not None:
            cells[f"aa:{actor}"] += 1
        if state == ORPHANED:
            continue
        for tag in tags[pk]:
            cells[f"t:{tag}"] += 1
        if kind == CLAIM:
            cells["c"] += 1
            if stance:
                cells[f"s:{stance}"] += 1
            source = specificity if via is not None else NO_SOURCE
            if source:
                cells[f"p:{source}"] += 1
            if actor is not None:
                cells[f"ac:{actor}"] += 1
                cells[f"k:{actor_kind}"] += 1
            if outlet is not None:
                cells[f"o:{outlet}"] += 1
            for tag in tags[pk]:
                cells[f"tc:{tag}"] += 1
        elif kind in (SOURCE, ACTOR):
            cells["ks" if kind == SOURCE else "ka"] += 1
            if actor is not None:
                cells[f"am:{actor}"] += 1
    return found


def count_paragraphs(paragraph_ids, *, m: Models | None = None) -> None:
    """Count these paragraphs again and move every count by what changed."""
    m = m or Models.live()
    ids = sorted({pk for pk in paragraph_ids if pk is not None})
    published, everything = Counter(), Counter()
    per_article = defaultdict(Counter)
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _count_chunk(ids[start : start + CHUNK], m, published, everything, per_article)
        # Each row moves once, however many chunks touched it.
        _apply(published, everything, per_article, m)


def _count_chunk(ids, m: Models, published, everything, per_article) -> None:
    # Two editors saving in one paragraph at once take turns here: each counts the paragraph
    # after the other's commit, against the row the other left, so no annotation is counted
    # twice or missed and neither inserts the same row (PostgreSQL; SQLite writes one at a time).
    paragraph = m.Annotation._meta.get_field("paragraph").related_model
    list(paragraph.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    new = cells_of(ids, m)
    old = {row.paragraph_id: row for row in m.ParagraphCounts.objects.filter(paragraph_id__in=ids)}
    stale, fresh = [], []
    for pk in ids:
        article, is_published, cells = new.get(pk, (None, False, Counter()))
        row = old.get(pk)
        if row is not None and row.published == is_published and row.cells == dict(cells):
            continue
        if row is not None:
            stale.append(pk)
            everything.subtract(row.cells)
            per_article[row.article_id].subtract(row.cells)
            if row.published:
                published.subtract(row.cells)
        if cells:
            fresh.append(
                m.ParagraphCounts(
                    paragraph_id=pk, article_id=article, published=is_published, cells=dict(cells)
                )
            )
            everything.update(cells)
            per_article[article].update(cells)
            if is_published:
                published.update(cells)
    if stale:
        m.ParagraphCounts.objects.filter(paragraph_id__in=stale).delete()
    if fresh:
        m.ParagraphCounts.objects.bulk_create(fresh, batch_size=CHUNK)


def _split(cell: str) -> tuple[str, str]:
    prefix, _, value = cell.partition(":")
    return prefix, value


def _apply(published: Counter, everything: Counter, per_article, m: Models) -> None:
    actors = defaultdict(dict)
    tags = defaultdict(dict)
    facets = defaultdict(lambda: [0, 0])
    for seen, delta in (("published", published), ("all", everything)):
        for cell, n in delta.items():
            if not n:
                continue
            prefix, value = _split(cell)
            if prefix in ACTOR_COLUMN:
                actors[int(value)][f"{ACTOR_COLUMN[prefix]}_{seen}"] = n
            elif prefix in TAG_COLUMN:
                tags[int(value)][f"{TAG_COLUMN[prefix]}_{seen}"] = n
            elif prefix in FACET_OF or prefix == "c":
                key = (FACET_OF.get(prefix, "claims"), value)
                facets[key][0 if seen == "published" else 1] = n
    for model, rows in ((m.Actor, actors), (m.Tag, tags)):
        for pk, changes in sorted(rows.items()):
            model.objects.filter(pk=pk).update(**{name: F(name) + n for name, n in changes.items()})
    for (facet, value), (n_published, n_all) in sorted(facets.items()):
        if not (n_published or n_all):
            continue
        # The row first, unless it is there (ON CONFLICT DO NOTHING): two editors counting
        # the same new value at once both go on to add to it, neither fails on the constraint.
        m.ListingCount.objects.bulk_create(
            [m.ListingCount(facet=facet, value=value)], ignore_conflicts=True
        )
        m.ListingCount.objects.filter(facet=facet, value=value).update(
            published=F("published") + n_published, everything=F("everything") + n_all
        )
    articles = {}
    for article, delta in per_article.items():
        changes = {
            column: delta[cell] for cell, column in ARTICLE_COLUMN.items() if delta.get(cell)
        }
        if changes:
            articles[article] = changes
    if not articles:
        return
    counted = set(
        m.ArticleCounts.objects.filter(article_id__in=list(articles)).values_list(
            "article_id", flat=True
        )
    )
    _add_to_articles(m, {a: articles[a] for a in counted})
    new = [article for article in articles if article not in counted]
    if new:
        # A row only for an article still there: a deleted one's counts go with it.
        alive = sorted(m.Article.objects.filter(pk__in=new).values_list("pk", flat=True))
        try:
            with transaction.atomic():
                m.ArticleCounts.objects.bulk_create(
                    [m.ArticleCounts(article_id=a, **articles[a]) for a in alive],
                    batch_size=CHUNK,
                )
        except IntegrityError:
            # Another editor's first annotation of one of them was counted meanwhile: add
            # to the rows that are there now, making only the missing ones.
            m.ArticleCounts.objects.bulk_create(
                [m.ArticleCounts(article_id=a) for a in alive], ignore_conflicts=True
            )
            _add_to_articles(m, {a: articles[a] for a in alive})


def _add_to_articles(m, changes: dict[int, dict[str, int]]) -> None:
    """Move the counts of many articles in one statement, whatever their number (an import)."""
    if not changes:
        return
    columns = sorted({name for change in changes.values() for name in change})
    m.ArticleCounts.objects.filter(article_id__in=sorted(changes)).update(
        **{
            name: F(name)
            + Case(
                *(
                    When(article_id=article, then=Value(change[name]))
                    for article, change in sorted(changes.items())
                    if change.get(name)
                ),
                default=Value(0),
            )
            for name in columns
        }
    )


@transaction.atomic
def rebuild(*, m: Models | None = None) -> None:
    """Count everything again from nothing: every count, for every paragraph with annotations."""
    m = m or Models.live()
    m.Actor.objects.update(**{name: 0 for name in _columns(ACTOR_COLUMN)})
    m.Tag.objects.update(**{name: 0 for name in _columns(TAG_COLUMN)})
    m.ListingCount.objects.all().delete()
    m.ArticleCounts.objects.all().delete()
    m.ParagraphCounts.objects.all().delete()
    paragraphs = (
        m.Annotation.objects.order_by("paragraph_id")
        .values_list("paragraph_id", flat=True)
        .distinct()
    )
    count_paragraphs(list(paragraphs), m=m)


def _columns(columns) -> list[str]:
    return [f"{name}_{seen}" for name in columns.values() for seen in ("published", "all")]


# What the receivers below count again after each write through the models.


def _paragraphs_citing(annotation) -> set[int]:
    """Paragraphs of the claims that cite this source: their «تحديد المصدر» follows it."""
    from annotations.models import Annotation

    if annotation.pk is None or SOURCE not in (annotation.kind, annotation._counted_kind):
        return set()
    return set(
        Annotation.objects.filter(via_id=annotation.pk)
        .order_by()
        .values_list("paragraph_id", flat=True)
        .distinct()
    )


def _connect():
    from annotations.models import Actor, Annotation, TaggedAnnotation
    from archive.models import Article, Paragraph

    @receiver(post_init, sender=Annotation, dispatch_uid="counts-annotation-loaded", weak=False)
    def _remember_annotation(sender, instance, **kwargs):
        instance._counted_paragraph = instance.__dict__.get("paragraph_id")
        instance._counted_kind = instance.__dict__.get("kind")

    @receiver(post_save, sender=Annotation, dispatch_uid="counts-annotation-saved", weak=False)
    def _annotation_saved(sender, instance, raw=False, **kwargs):
        if raw:  # a restore loads counts with the rows
            return
        touched = {instance.paragraph_id, instance._counted_paragraph}
        count_paragraphs(touched | _paragraphs_citing(instance))
        instance._counted_paragraph = instance.paragraph_id
        instance._counted_kind = instance.kind

    @receiver(pre_delete, sender=Annotation, dispatch_uid="counts-annotation-deleting", weak=False)
    def _annotation_deleting(sender, instance, **kwargs):
        instance._counted_citing = _paragraphs_citing(instance)

    @receiver(post_delete, sender=Annotation, dispatch_uid="counts-annotation-deleted", weak=False)
    def _annotation_deleted(sender, instance, **kwargs):
        count_paragraphs({instance.paragraph_id, *getattr(instance, "_counted_citing", ())})

    @receiver(
        m2m_changed, sender=TaggedAnnotation, dispatch_uid="counts-annotation-tags", weak=False
    )
    def _tags_changed(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Annotation):
            count_paragraphs({instance.paragraph_id})

    @receiver(post_init, sender=Article, dispatch_uid="counts-article-loaded", weak=False)
    def _remember_article(sender, instance, **kwargs):
        instance._counted_as = (
            instance.__dict__.get("status"),
            instance.__dict__.get("outlet_id"),
        )

    @receiver(post_save, sender=Article, dispatch_uid="counts-article-saved", weak=False)
    def _article_saved(sender, instance, created, raw=False, **kwargs):
        now = (instance.status, instance.outlet_id)
        if raw or created or now == instance._counted_as:
            instance._counted_as = now
            return
        # Published or not decides who sees the counts; the outlet is a facet.
        count_paragraphs(Paragraph.objects.filter(article=instance).values_list("pk", flat=True))
        instance._counted_as = now

    @receiver(post_delete, sender=Article, dispatch_uid="counts-article-deleted", weak=False)
    def _article_deleted(sender, instance, **kwargs):
        from annotations.models import ArticleCounts

        ArticleCounts.objects.filter(article_id=instance.pk).delete()

    @receiver(post_init, sender=Actor, dispatch_uid="counts-actor-loaded", weak=False)
    def _remember_actor(sender, instance, **kwargs):
        instance._counted_kind = instance.__dict__.get("kind")

    @receiver(post_save, sender=Actor, dispatch_uid="counts-actor-saved", weak=False)
    def _actor_saved(sender, instance, created, raw=False, **kwargs):
        if not (raw or created) and instance.kind != instance._counted_kind:
            # The speaker's kind is a facet of its claims.
            count_paragraphs(
                Annotation.objects.filter(actor=instance, kind=CLAIM)
                .order_by()
                .values_list("paragraph_id", flat=True)
                .distinct()
            )
        instance._counted_kind = instance.kind


_connect()
