"""The counts the lists show follow every kind of write, and counting again from nothing agrees.

Each snapshot is compared with the same numbers counted the slow way, straight
from the annotations (what the pages counted before the counts were kept), and
with what `manage.py rebuild_listing_counts` gives.
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotations import services
from annotations.models import Actor, Annotation, ArticleCounts, ListingCount, Tag
from archive.models import ArchiveCount, Article, Outlet, Paragraph
from archive.paragraphs import replace_paragraphs
from tests.factories import make_actor, make_annotation, make_claim, make_outlet, orphan

pytestmark = pytest.mark.django_db
BASE = "https://qiraa.example"
SEEN = {"published": True, "all": False}


def kept() -> dict:
    """Every count the writes keep, zeros left out."""
    counts = {}
    for actor in Actor.objects.all():
        for column in (
            "claims",
            "mentions",
            "annotations",
        ):
            for seen in SEEN:
                counts[("actor", actor.slug, column, seen)] = getattr(actor, f"{column}_{seen}")
    for tag in Tag.objects.all():
        for column in ("annotations", "claims"):
            for seen in SEEN:
                counts[("tag", tag.slug, column, seen)] = getattr(tag, f"{column}_{seen}")
    for row in ArticleCounts.objects.select_related("article"):
        for column in ("claims", "sources", "actor_mentions"):
            counts[("article", row.article.slug, column)] = getattr(row, column)
    for row in ListingCount.objects.all():
        value = Outlet.objects.get(pk=row.value).slug if row.facet == "outlet" else row.value
        counts[(row.facet, value, "published")] = row.published
        counts[(row.facet, value, "all")] = row.everything
    articles = ArchiveCount.objects.get(name="articles")
    counts[("articles", "published")] = articles.published
    counts[("articles", "all")] = articles.everything
    return {key: n for key, n in counts.items() if n}


def scanned() -> dict:
    """The same numbers, counted over the annotations themselves."""
    counts = {}
    for seen, only_published in SEEN.items():
        everything = Annotation.objects.all()
        if only_published:
            everything = everything.filter(paragraph__article__status="published")
        shown = everything.exclude(anchor_state="orphaned")
        claims = shown.filter(kind="claim")
        for actor in Actor.objects.all():
            counts[("actor", actor.slug, "claims", seen)] = claims.filter(actor=actor).count()
            counts[("actor", actor.slug, "mentions", seen)] = shown.filter(
                actor=actor, kind__in=["actor", "source"]
            ).count()
            counts[("actor", actor.slug, "annotations", seen)] = everything.filter(
                actor=actor
            ).count()
        for tag in Tag.objects.all():
            counts[("tag", tag.slug, "annotations", seen)] = shown.filter(tags=tag).count()
            counts[("tag", tag.slug, "claims", seen)] = claims.filter(tags=tag).count()
        counts[("claims", "", seen)] = claims.count()
        for claim in claims.select_related("actor", "via", "paragraph__article__outlet"):
            cells = [("stance", claim.stance)]
            cells.append(("specificity", claim.via.specificity if claim.via else "none"))
            if claim.actor:
                cells.append(("actor_kind", claim.actor.kind))
            if claim.paragraph.article.outlet:
                cells.append(("outlet", claim.paragraph.article.outlet.slug))
            for facet, value in cells:
                if value:
                    counts[(facet, value, seen)] = counts.get((facet, value, seen), 0) + 1
        articles = Article.objects.filter(status="published") if only_published else Article.objects
        counts[("articles", seen)] = articles.count()
    shown = Annotation.objects.exclude(anchor_state="orphaned")
    for article in Article.objects.all():
        mine = shown.filter(paragraph__article=article)
        counts[("article", article.slug, "claims")] = mine.filter(kind="claim").count()
        counts[("article", article.slug, "sources")] = mine.filter(kind="source").count()
        counts[("article", article.slug, "actor_mentions")] = mine.filter(kind="actor").count()
    return {key: n for key, n in counts.items() if n}


def assert_counts_hold():
    now = kept()
    assert now == scanned()
    call_command("rebuild_listing_counts", stdout=io.StringIO())
    assert kept() == now


def test_counts_follow_creates_updates_deletes_merges_publishing_and_imports(tmp_path):
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())
    assert kept()[("claims", "", "published")] == 29
    assert_counts_hold()

    # An editor annotates a draft: only editors' counts move.
    draft = Article.objects.create(title="مسودة عن اللاجئين", status="draft", source_name="d.txt")
    Paragraph.objects.create(
        article=draft,
        position=1,
        text="وادعت وزارة الدفاع الروسية أن الحدث يهدف إلى إعطاء دفعة إضافية حسب منصة SY24.",
    )
    ministry = make_actor("وزارة الدفاع الروسية ٢")
    claim = make_claim(draft.paragraphs.get(), actor=ministry, tags=["لاجئون", "مؤتمر"])
    assert kept()[("actor", ministry.slug, "claims", "all")] == 1
    assert ("actor", ministry.slug, "claims", "published") not in kept()
    assert_counts_hold()

    # Changing a claim's stance, speaker and tags; the source's specificity.
    putin = Actor.objects.get(name="فلاديمير بوتين")
    services.annotation_update(claim, user=None, stance="neutral", actor=putin, tags=["مؤتمر"])
    services.annotation_update(claim.via, user=None, specificity="anonymous")
    assert_counts_hold()

    # Publishing, moving to another outlet, unpublishing an article.
    draft.status = "published"
    draft.save()
    draft.outlet = make_outlet("عنب بلدي")
    draft.save()
    assert kept()[("outlet", draft.outlet.slug, "published")] == 1
    assert_counts_hold()
    seed = Article.objects.exclude(pk=draft.pk).first()
    seed.status = "draft"
    seed.save(update_fields=["status", "updated"])
    assert_counts_hold()

    # An actor's kind, an orphan, a deleted source (its claims lose their source), a deletion.
    putin.kind = "state"
    putin.save()
    orphan(Annotation.objects.filter(kind="claim").exclude(pk=claim.pk).first())
    services.annotation_delete(claim.via)
    services.annotation_delete(Annotation.objects.filter(kind="actor").first())
    assert_counts_hold()

    # Merging two actors.
    assad = Actor.objects.get(name="بشار الأسد")
    duplicate = make_actor("الأسد", kind="person")
    make_annotation(draft.paragraphs.get(), "وزارة الدفاع", kind="actor", actor=duplicate)
    services.actor_merge(assad, [duplicate], get_user_model().objects.create(username="curator"))
    assert_counts_hold()

    # Correcting a text (re-anchoring), deleting a paragraph, deleting an article.
    replace_paragraphs(draft, ["نص جديد لا يحمل شيئًا مما كان."])
    assert_counts_hold()
    Paragraph.objects.filter(article=seed).order_by("position").first().delete()
    assert_counts_hold()
    Annotation.objects.filter(paragraph__article=draft).delete()
    draft.delete()
    assert_counts_hold()

    # An export imported back into an emptied archive (written in bulk).
    path = tmp_path / "all.jsonld"
    call_command("export_annotations", "--base-url", BASE, "-o", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["first"]["items"]
    before = kept()
    Annotation.objects.all().delete()
    assert not {key for key in kept() if key[0] not in ("articles",)}
    call_command("import_annotations", str(path), stdout=io.StringIO())
    assert kept() == before
    assert_counts_hold()


def test_a_rebuild_puts_back_counts_written_wrong():
    claim = make_claim(actor=make_actor("بشار الأسد", kind="person"), tags=["لاجئون"])
    right = kept()
    Actor.objects.update(claims_published=99)
    Tag.objects.update(annotations_all=7)
    ListingCount.objects.all().delete()
    assert kept() != right
    call_command("rebuild_listing_counts", stdout=io.StringIO())
    assert kept() == right == scanned()
    assert right[("actor", claim.actor.slug, "claims", "published")] == 1
