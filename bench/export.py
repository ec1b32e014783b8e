"""Export and re-import of a synthetic archive at two sizes, in one run.

    .venv/bin/python bench/export.py                       # 1,000 and 10,000 articles
    .venv/bin/python bench/export.py --articles 200 2000   # a quicker look

Builds, in a throwaway PostgreSQL database (test_qiraa_bench, from
$BENCH_DATABASE_URL, default postgres://qiraa:qiraa@127.0.0.1:5432/qiraa_bench),
an archive of the larger size with 10 annotations per article written from the
seed articles' words. For each size it exports that many articles' annotations
with manage.py export_annotations' code, deletes them, and imports the file back
with import_annotations' code. Prints throughput (annotations a second) and peak
Python memory (tracemalloc) of each step, and the large size's figures as ratios
of the small size's: memory must stay flat (ratio near 1) while the archive grows.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://qiraa:qiraa@127.0.0.1:5432/qiraa_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PER_ARTICLE = 10
PARAGRAPHS = 3
BASE = "https://qiraa.example"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs=2, default=[1_000, 10_000])
    small, large = sorted(parser.parse_args().articles)
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build(large)
        print(
            f"PostgreSQL: {large:,} articles, {large * PER_ARTICLE:,} annotations "
            f"built in {time.perf_counter() - started:.0f} s"
        )
        results = {size: round_trip(size) for size in (small, large)}
        report(results, small, large)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
        )


def build(count):
    """Articles of three paragraphs; ten annotations each on whole words, with actors and tags."""
    from django.contrib.contenttypes.models import ContentType

    from annotations.anchoring import quote_at
    from annotations.models import Actor, Annotation, Tag, TaggedAnnotation
    from archive.models import Article, Paragraph

    rng = random.Random(7)  # noqa: S311 reproducible synthetic text
    seeds = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    words = re.findall(r"\w+", seeds)
    actors = Actor.objects.bulk_create(
        Actor(name=f"فاعل {n}", slug=f"actor-{n}", kind="person") for n in range(200)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"وسم {n}", slug=f"tag-{n}") for n in range(20))
    Article.objects.bulk_create(
        Article(
            title=" ".join(rng.choices(words, k=8)),
            slug=f"article-{n:05d}",
            status=Article.Status.PUBLISHED,
            source_name=f"article-{n}.txt",
        )
        for n in range(count)
    )
    articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Paragraph.objects.bulk_create(
        (
            Paragraph(article_id=pk, position=position, text=" ".join(rng.choices(words, k=40)))
            for pk in articles
            for position in range(1, PARAGRAPHS + 1)
        ),
        batch_size=5000,
    )
    annotations = []
    for paragraph in Paragraph.objects.order_by("pk").iterator(chunk_size=5000):
        spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", paragraph.text)]
        for n in range(PER_ARTICLE // PARAGRAPHS + (paragraph.position == 1)):
            start, end = spans[(n * 7) % len(spans)]
            quote = quote_at(paragraph.text, start, end)
            kind = ("claim", "actor", "source")[n % 3]
            annotations.append(
                Annotation(
                    paragraph=paragraph,
                    start=start,
                    end=end,
                    exact=quote.exact,
                    prefix=quote.prefix,
                    suffix=quote.suffix,
                    kind=kind,
                    actor=rng.choice(actors) if kind != "source" else None,
                    note=" ".join(rng.choices(words, k=6)) if n % 4 == 0 else "",
                )
            )
        if len(annotations) >= 5000:
            Annotation.objects.bulk_create(annotations)
            annotations = []
    Annotation.objects.bulk_create(annotations)
    content_type = ContentType.objects.get_for_model(Annotation)
    TaggedAnnotation.objects.bulk_create(
        (
            TaggedAnnotation(tag=rng.choice(tags), content_type=content_type, object_id=pk)
            for pk in Annotation.objects.values_list("pk", flat=True)[::5]
        ),
        batch_size=5000,
    )


def round_trip(size):
    """Export the first `size` articles' annotations, delete them, import them back."""
    from annotations.models import Annotation
    from annotations.opendata.exporting import stream_collection
    from annotations.opendata.import_files import file_items
    from annotations.opendata.importing import import_items
    from archive.models import Article

    last = Article.objects.order_by("pk").values_list("pk", flat=True)[size - 1]
    chosen = Annotation.objects.filter(paragraph__article_id__lte=last)
    count = chosen.count()
    path = Path(tempfile.mkdtemp()) / f"export-{size}.jsonld"

    def export():
        with open(path, "w", encoding="utf-8") as out:
            for piece in stream_collection(
                chosen, base=BASE, collection_id=f"{BASE}/annotations.jsonld", label="bench"
            ):
                out.write(piece)

    export_seconds, export_peak = measured(export)
    # Deleted without signals: the bench times the import, not history and index clean-up.
    chosen._raw_delete(chosen.db)

    def reimport():
        report = import_items(file_items(path), site_url=BASE)
        assert report.created == count, report

    import_seconds, import_peak = measured(reimport)
    return {
        "annotations": count,
        "megabytes": path.stat().st_size / 1e6,
        "export": (count / export_seconds, export_peak),
        "import": (count / import_seconds, import_peak),
    }


def measured(step):
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def report(results, small, large):
    for size, figures in results.items():
        print(
            f"{size:>6,} articles, {figures['annotations']:>7,} annotations, "
            f"file {figures['megabytes']:.0f} MB"
        )
        for step in ("export", "import"):
            rate, peak = figures[step]
            print(f"    {step}: {rate:,.0f} annotations/s, peak memory {peak:.1f} MB")
    ratios = []
    for step in ("export", "import"):
        rate = results[large][step][0] / results[small][step][0]
        memory = results[large][step][1] / results[small][step][1]
        ratios.append(memory)
        print(
            f"{large:,} against {small:,} articles, {step}: throughput ×{rate:.2f}, "
            f"peak memory ×{memory:.2f}"
        )
    print(
        f"largest memory ratio: ×{max(ratios):.2f} (flat is ×1); mean ×{statistics.mean(ratios):.2f}"
    )


if __name__ == "__main__":
    main()
