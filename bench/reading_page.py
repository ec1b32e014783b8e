"""The reading page of a 300-paragraph article with 0, 500 and 2,000 annotations, in one run.

    .venv/bin/python bench/reading_page.py                 # PostgreSQL and SQLite
    .venv/bin/python bench/reading_page.py --only sqlite

Builds one article of 300 paragraphs for each count in a throwaway database
on each engine (claims with a speaker, cue, source and note, sources, actors
nested inside claims, four in five with one of seven tags), then renders each page
as a reader and as an editor with the page cache off (QIRAA_PAGE_CACHE =
False), so that what is timed is the rendering. Prints, for each, the queries
per page view (they must not grow), the median render time as a ratio of the
same article's with no annotation, cold (the first view after a write to the
article, when what the page keeps per version is built again) and warm, and
the HTML's bytes per annotation, with what grows: the highlighted text, the
cards, the schema.org data and the editor's settings. For editors it also
times the annotations' W3C JSON that the editor reads after the page
(GET <article>/editor-data/), cold and warm, against the page with none.

Targets: render ×5 or less at 2,000 annotations for readers and editors;
a reader's HTML 1 KB or less per annotation.

PostgreSQL comes from $BENCH_DATABASE_URL, default
postgres://qiraa:qiraa@127.0.0.1:5432/qiraa_bench (a database named
test_qiraa_bench is created and dropped).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.engines import run_each, scratch_database

PARAGRAPHS = 300
COUNTS = (0, 500, 2000)
REPEATS = 9
COLD_REPEATS = 5
TEXT = (
    "قال المتحدث باسم وزارة الدفاع الروسية إن الوفد وصل إلى دمشق صباح اليوم، "
    "وادعت الوزارة أن الحدث يهدف إلى إعطاء دفعة إضافية حسب منصة SY24."
)
# Kinds of span, in the order each paragraph receives them: annotation n goes to
# paragraph n % 300 and takes the (n // 300)-th kind, so 2,000 annotations give
# every paragraph six or seven, nested (an actor inside a claim) and side by side.
SPANS = [
    ("claim", "إن الوفد وصل إلى دمشق صباح اليوم"),
    ("actor", "وزارة الدفاع الروسية"),
    ("actor", "دمشق"),
    ("source", "حسب منصة SY24"),
    ("claim", "أن الحدث يهدف إلى إعطاء دفعة إضافية"),
    ("actor", "الوزارة"),
    ("actor", "المتحدث"),
]
TAGS = [f"وسم {n}" for n in range(1, 8)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # set for the child runs
    args = parser.parse_args()
    if args.engine:
        return run(args.engine)
    run_each(__file__, args.only)
    return None


def run(engine):
    with scratch_database(engine):
        from django.conf import settings
        from django.contrib.auth import get_user_model

        from annotations.roles import ensure_editors_group

        # The page cache would answer from memory: what is timed here is the rendering.
        settings.QIRAA_PAGE_CACHE = False
        editor = get_user_model().objects.create_user("bench-editor")
        editor.groups.add(ensure_editors_group())
        articles = {count: build_article(count, editor) for count in COUNTS}
        report(engine, articles, editor)


def build_article(count, editor):
    """A published article of 300 paragraphs carrying `count` annotations, written in bulk."""
    from django.contrib.contenttypes.models import ContentType

    from annotations.models import Actor, Annotation, Tag, TaggedAnnotation
    from tests.factories import make_article

    article = make_article(paragraphs=[TEXT] * PARAGRAPHS, title=f"مقال طويل بـ{count} توسيم")
    paragraphs = list(article.paragraphs.order_by("position"))
    actors = [
        Actor.objects.create(name=f"فاعل {count}-{n}", kind="government_body") for n in range(5)
    ]
    rows = []
    for n in range(count):
        paragraph = paragraphs[n % PARAGRAPHS]
        kind, exact = SPANS[(n // PARAGRAPHS) % len(SPANS)]
        start = TEXT.index(exact)
        end = start + len(exact)
        fields = {}
        if kind == "claim":
            fields = {
                "cue": "قال",
                "stance": "neutral",
                "quote": "indirect",
                "note": "ملاحظة قصيرة",
            }
        elif kind == "source":
            fields = {"specificity": "media_relay"}
        rows.append(
            Annotation(
                paragraph=paragraph,
                start=start,
                end=end,
                exact=exact,
                prefix=TEXT[max(0, start - 32) : start],
                suffix=TEXT[end : end + 32],
                kind=kind,
                actor=actors[n % len(actors)],
                created_by=editor,
                updated_by=editor,
                **fields,
            )
        )
    annotations = Annotation.objects.bulk_create(rows)
    # Claims of the fifth kind come through the paragraph's source, when it has one.
    sources = {a.paragraph_id: a for a in annotations if a.kind == "source"}
    vias = []
    for annotation in annotations:
        if annotation.exact == SPANS[4][1] and annotation.paragraph_id in sources:
            annotation.via = sources[annotation.paragraph_id]
            vias.append(annotation)
    Annotation.objects.bulk_update(vias, ["via"])
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    content_type = ContentType.objects.get_for_model(Annotation)
    # As in the seed corpus (66 tags on 81 annotations): four annotations in five carry a tag.
    TaggedAnnotation.objects.bulk_create(
        TaggedAnnotation(tag=tags[n % 7], content_type=content_type, object_id=annotation.pk)
        for n, annotation in enumerate(annotations)
        if n % 5
    )
    return article


def measure(client, article, url=None):
    """(queries cold, queries warm, median seconds cold, median seconds warm, HTML).

    Cold is the first view after a write to the article (its version renewed, so
    nothing built for the page is in the cache yet); warm is every view after it.
    """
    from django.db import connection

    from readingroom import freshness

    url = url or article.get_absolute_url()

    def view():
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = client.get(url)
        seconds = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return len(queries), seconds, response.content

    cold = []
    for _ in range(COLD_REPEATS):
        freshness.bump(f"article:{article.slug}")
        cold.append(view())
    warm = [view() for _ in range(REPEATS)]
    return (
        cold[-1][0],
        warm[-1][0],
        statistics.median(v[1] for v in cold),
        statistics.median(v[1] for v in warm),
        warm[-1][2],
    )


def parts(html: bytes) -> dict:
    """Bytes of the page's text with its highlights, its cards, its schema.org and editor data."""

    def between(start, end):
        a = html.find(start)
        b = html.find(end, a + 1) if a >= 0 else -1
        return b - a if a >= 0 and b >= 0 else 0

    return {
        "highlights": between(b'id="article-body"', b"</article>"),
        "cards": between(b'id="annotation-cards"', b"</section>"),
        "schema.org": between(b'<script type="application/ld+json">', b"</script>"),
        "editor settings": between(b'<script id="editor-data"', b"</script>"),
    }


def report(engine, articles, editor):
    from django.test import Client

    print(
        f"database: {engine}; one article of {PARAGRAPHS} paragraphs; page cache off; "
        f"median of {COLD_REPEATS} cold views (each after a write to the article) "
        f"and {REPEATS} warm ones"
    )
    for who in ("reader", "editor"):
        client = Client()
        if who == "editor":
            client.force_login(editor)
            client.get("/")  # the session and the permissions, read once
        baseline = None
        for count, article in articles.items():
            queries_cold, queries_warm, cold, warm, html = measure(client, article)
            size = len(html)
            if baseline is None:
                baseline = (cold, warm, size, parts(html))
                per_annotation = ""
            else:
                grown = {k: (v - baseline[3][k]) / count for k, v in parts(html).items() if v}
                per_annotation = f"; {(size - baseline[2]) / count:,.0f} bytes per annotation (" + (
                    ", ".join(f"{k} {v:,.0f}" for k, v in grown.items()) + ")"
                )
            print(
                f"{who:7} {count:5} annotations: queries {queries_cold} cold, {queries_warm} warm; "
                f"cold {cold * 1000:6.1f} ms ×{cold / baseline[0]:.2f}, "
                f"warm {warm * 1000:6.1f} ms ×{warm / baseline[1]:.2f} of the 0-annotation page; "
                f"HTML {size / 1024:,.0f} KB{per_annotation}"
            )
        if who == "editor":
            report_editor_data(client, articles, baseline)


def report_editor_data(client, articles, page_baseline):
    """The annotations' W3C JSON the editor reads after the page, against the 0-annotation page."""
    from django.urls import reverse

    for count, article in articles.items():
        url = reverse("annotations:editor_annotations", args=[article.slug])
        queries_cold, queries_warm, cold, warm, body = measure(client, article, url)
        print(
            f"editor data {count:5} annotations: queries {queries_cold} cold, {queries_warm} warm; "
            f"cold {cold * 1000:6.1f} ms ×{cold / page_baseline[0]:.2f}, "
            f"warm {warm * 1000:6.1f} ms ×{warm / page_baseline[1]:.2f} of the 0-annotation page; "
            f"{len(body) / 1024:,.0f} KB"
        )


if __name__ == "__main__":
    main()
