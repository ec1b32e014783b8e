"""A backup of 10,000 annotations comes back whole: export → an archive holding only the same
articles → import → export gives the same file, byte for byte; importing it once more
changes nothing. Every kind, `via` links, tags, notes, drafts, orphans, moved anchors,
annotations on the same words, ids from an earlier import and every sort of creator."""

import io
import itertools
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from annotations import search
from annotations.anchoring import quote_at
from annotations.models import Actor, Annotation, Tag, TaggedAnnotation
from archive.models import Article, Paragraph
from archive.search import index as search_index
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

ARTICLES, PARAGRAPHS, PER_PARAGRAPH = 100, 10, 10  # 10,000 annotations
WORDS = (
    "قال المتحدث باسم الوزارة إن الوفد وصل إلى دمشق صباح اليوم وأكد أن المفاوضات "
    "مستمرة حسب مصادر مطلعة وزعم المسؤول أن اللاجئين سيعودون قريبا إلى مدنهم"
).split()


def paragraph_text(n):
    return " ".join(WORDS[(n + k) % len(WORDS)] for k in range(24))


def word_spans(text):
    spans, at = [], 0
    for word in text.split():
        start = text.index(word, at)
        at = start + len(word)
        spans.append((start, at))
    return spans


def build():
    """The archive, written in bulk: ten annotations on each of 1,000 paragraphs."""
    users = [
        get_user_model().objects.create_user("muharrir"),
        get_user_model().objects.create_user("m@example.org"),  # «محرر N» in every file
    ]
    russia = make_actor("روسيا", kind="state")
    actors = [make_actor(f"فاعل {n}", kind="person", aliases=[f"الفاعل {n}"]) for n in range(20)]
    for actor in actors[::3]:
        actor.parent, actor.wikidata_id = russia, f"Q{1000 + actor.pk}"
        actor.save()
    actors.append(russia)
    tags = [Tag.objects.create(name=f"وسم {n}") for n in range(12)]
    Article.objects.bulk_create(
        Article(
            title=f"مقال تجريبي {n}",
            slug=f"maqal-{n:03d}",
            status=Article.Status.DRAFT if n % 10 == 0 else Article.Status.PUBLISHED,
            source_name=f"maqal-{n}.txt",
        )
        for n in range(ARTICLES)
    )
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=p, text=paragraph_text(article.pk + p))
        for article in Article.objects.order_by("pk")
        for p in range(1, PARAGRAPHS + 1)
    )
    moment = itertools.count()
    start_of_time = timezone.now() - timedelta(days=400)

    def annotation(paragraph, n, kind, **fields):
        spans = paragraph.spans
        start, end = spans[(n * 5) % len(spans)]
        if n % 10 == 9:  # a longer span over two words
            end = spans[min((n * 5) % len(spans) + 1, len(spans) - 1)][1]
        quote = quote_at(paragraph.text, start, end)
        row = Annotation(
            paragraph=paragraph,
            start=start,
            end=end,
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
            kind=kind,
            created=start_of_time + timedelta(seconds=next(moment), microseconds=n),
            updated=start_of_time + timedelta(seconds=next(moment)),
            **fields,
        )
        row.keep_times = True
        return row

    paragraphs = list(Paragraph.objects.order_by("pk"))
    for paragraph in paragraphs:
        paragraph.spans = word_spans(paragraph.text)
    sources = Annotation.objects.bulk_create(
        annotation(p, n, "source", specificity=("media_relay", "anonymous", "")[n % 3])
        for p in paragraphs
        for n in range(2)
    )
    by_article = {}
    for source in sources:
        by_article.setdefault(source.paragraph.article_id, []).append(source)
    rows = []
    for i, paragraph in enumerate(paragraphs):
        for n in range(2, PER_PARAGRAPH):
            creator = {}
            if n % 4 == 0:
                creator["created_by"] = users[(i + n) % 2]
            elif n % 4 == 1:
                creator["creator_name"] = "ضيف من موقع آخر"
            if n in (2, 3):  # two readings of the same words
                row = annotation(paragraph, 2, "claim", note=f"قراءة {n}", **creator)
            elif n % 3 == 0:
                row = annotation(
                    paragraph, n, "actor", actor=actors[(i + n) % len(actors)], **creator
                )
            else:
                row = annotation(
                    paragraph,
                    n,
                    "claim",
                    actor=actors[(i * n) % len(actors)] if n % 2 else None,
                    via=by_article[paragraph.article_id][n % 2] if n % 5 else None,
                    cue="وقال" if n % 2 else "وزعم",
                    stance=("neutral", "distancing", "endorsing", "")[n % 4],
                    quote=("indirect", "direct", "")[n % 3],
                    note=f"ملاحظة {i}-{n}" if n % 3 == 1 else "",
                    **creator,
                )
            if (i + n) % 97 == 0:
                row.anchor_state = Annotation.AnchorState.ORPHANED
            elif (i + n) % 89 == 0:
                row.anchor_state = Annotation.AnchorState.MOVED
            if (i + n) % 13 == 0:
                row.iri = f"urn:qiraa:earlier:{i}:{n}"
            rows.append(row)
    Annotation.objects.bulk_create(rows, batch_size=2000)
    content_type = ContentType.objects.get_for_model(Annotation)
    pks = list(Annotation.objects.order_by("pk").values_list("pk", flat=True))
    TaggedAnnotation.objects.bulk_create(
        (
            TaggedAnnotation(
                tag=tags[(pk + k) % len(tags)], content_type=content_type, object_id=pk
            )
            for pk in pks[::3]
            for k in range(pk % 3)
        ),
        batch_size=5000,
    )
    assert len(pks) == ARTICLES * PARAGRAPHS * PER_PARAGRAPH
    if connection.vendor == "postgresql":  # as autovacuum would have, in an archive this size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def empty_the_archive():
    """Everything but the articles: annotations, actors, tags, users.

    The annotations go in three statements, not one delete (with its history
    record and search update) per row: this is the test's setting up, not what
    it measures."""
    pks = list(Annotation.objects.values_list("pk", flat=True))
    TaggedAnnotation.objects.all()._raw_delete(TaggedAnnotation.objects.db)
    Annotation.objects.update(via=None)
    Annotation.objects.all()._raw_delete(Annotation.objects.db)
    search_index.remove(search.ANNOTATION, pks)
    Actor.objects.update(parent=None)
    Actor.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()


def export_to(path):
    call_command("export_annotations", "-o", str(path))
    return path.read_bytes()


def import_from(path):
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    return out.getvalue()


class Stopwatch:
    """Wall time and this process's CPU time of each step: on a busy machine the second
    says what the code costs."""

    def __init__(self):
        self.steps = []

    def __call__(self, step, work):
        wall, cpu = time.monotonic(), time.process_time()
        result = work()
        self.steps.append((step, time.monotonic() - wall, time.process_time() - cpu))
        return result

    def __str__(self):
        return ", ".join(f"{step} {wall:.1f} s ({cpu:.1f} s CPU)" for step, wall, cpu in self.steps)


def test_ten_thousand_annotations_come_back_byte_for_byte(tmp_path):
    timed = Stopwatch()
    timed("build", build)
    original = timed("export", lambda: export_to(tmp_path / "original.jsonld"))
    assert original.count(b'"anchorState": "orphaned"') > 50
    assert original.count(b'"articleStatus": "draft"') == 1_000

    timed("emptying", empty_the_archive)
    assert Article.objects.count() == ARTICLES

    report = timed("import", lambda: import_from(tmp_path / "original.jsonld"))
    assert "created 10000, updated 0, skipped 0" in report, report
    restored = timed("export of the restore", lambda: export_to(tmp_path / "restored.jsonld"))
    assert restored == original

    again = timed("import again", lambda: import_from(tmp_path / "original.jsonld"))
    assert "created 0, updated 0, skipped 10000" in again, again
    assert export_to(tmp_path / "again.jsonld") == original
    print(timed)
