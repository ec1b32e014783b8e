"""Indexed search against an unindexed scan of the same archive, in one run.

    .venv/bin/python bench/search.py                 # PostgreSQL and SQLite
    .venv/bin/python bench/search.py --paragraphs 20000 --only sqlite

Builds a synthetic archive (by default 200,000 paragraphs in 20,000 articles,
written from the seed articles' own words, with annotations) in a throwaway
database on each engine, then times each query through the real search code
(the results page's data: ranked groups, counts, loaded rows and snippets)
and through a plain pattern scan of the same paragraphs (ILIKE on
PostgreSQL, LIKE on SQLite) that returns the matching ids and their count.
Prints the median of each, their ratio for each query and the worst ratio;
the ratios are what to compare.

PostgreSQL comes from $BENCH_DATABASE_URL, default
postgres://qiraa:qiraa@127.0.0.1:5432/qiraa_bench (a database named
test_qiraa_bench is created and dropped).
"""

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engines import run_each, scratch_database  # noqa: E402

# What readers type, from rare to very common in this vocabulary: a name, two
# names, a phrase, an exclusion, spelling variants, and the corpus's commonest
# content word (in two paragraphs of three).
QUERIES = [
    "شويغو دمشق",
    '"سيرغي شويغو"',
    "اعادة الاعمار",
    "شويغو -روسيا",
    "شويغو",
    "الاسد",
    "بوتين الاسد",
    '"عودة اللاجئين"',
    "اللاجئين",
]
REPEATS = 7


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # set for the child runs
    args = parser.parse_args()
    if args.engine:
        return run(args.engine, args.paragraphs)
    run_each(__file__, args.only, ["--paragraphs", str(args.paragraphs)])
    return None


def run(engine, paragraph_count):
    with scratch_database(engine):
        started = time.perf_counter()
        build_archive(paragraph_count)
        built = time.perf_counter() - started
        report(engine, paragraph_count, built)


def seed_words():
    text = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "seeds").glob("*.txt"))
    return re.findall(r"\w+", text)


def build_archive(paragraph_count, per_article=10):
    """Paragraphs of 25–60 words drawn with the seeds' own word frequencies."""
    from annotations.models import Actor, Annotation
    from archive.models import Article, Paragraph
    from archive.search import index

    rng = random.Random(2024)  # noqa: S311 reproducible synthetic text
    words = seed_words()
    article_count = paragraph_count // per_article
    Article.objects.bulk_create(
        Article(
            title=" ".join(rng.choices(words, k=8)),
            slug=f"bench-{n}",
            status=Article.Status.PUBLISHED,
            source_name=f"bench-{n}.txt",
        )
        for n in range(article_count)
    )
    article_ids = list(Article.objects.values_list("pk", flat=True))
    batch = []
    for article_id in article_ids:
        for position in range(1, per_article + 1):
            text = " ".join(rng.choices(words, k=rng.randint(25, 60))) + "."
            batch.append(Paragraph(article_id=article_id, position=position, text=text))
        if len(batch) >= 5000:
            Paragraph.objects.bulk_create(batch)
            batch = []
    Paragraph.objects.bulk_create(batch)
    actor = Actor.objects.create(name="وزارة الدفاع الروسية", kind="government_body")
    annotations = []
    for paragraph in Paragraph.objects.filter(position=1).only("pk", "text").iterator():
        word = paragraph.text.split(" ", 1)[0]
        annotations.append(
            Annotation(
                paragraph=paragraph,
                start=0,
                end=len(word),
                exact=word,
                kind="claim",
                actor=actor,
                note=" ".join(rng.choices(words, k=12)),
            )
        )
    Annotation.objects.bulk_create(annotations, batch_size=5000)
    index.rebuild_archive()
    from archive.search.groups import result_groups

    for group in result_groups.values():
        group.rebuild()
    index.compact()  # as manage.py rebuild_search_index leaves it


def scan(engine, query):
    """The unindexed baseline: every paragraph containing every wanted word, as typed."""
    from django.db import connection

    from archive.search.query import parse

    parsed = parse(query)
    operator = "ILIKE" if engine == "postgresql" else "LIKE"
    conditions, params = [], []
    for group in parsed.groups:
        alternatives = [" ".join(term.words) for term in group]
        conditions.append("(" + " OR ".join([f"p.text {operator} %s"] * len(alternatives)) + ")")
        params += [f"%{text}%" for text in alternatives]
    for term in parsed.excluded:
        conditions.append(f"p.text NOT {operator} %s")
        params.append(f"%{' '.join(term.words)}%")
    where = " AND ".join(conditions)
    sql = f"""
        SELECT p.id FROM archive_paragraph p JOIN archive_article a ON a.id = p.article_id
        WHERE a.status = 'published' AND {where}
    """  # noqa: S608 the words are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def indexed(query):
    """The search page's data: parse, match, rank, group, count, load and mark snippets."""
    from django.contrib.auth.models import AnonymousUser

    from archive.search.query import parse
    from archive.search.results import search

    return search(parse(query), user=AnonymousUser()).total


def median_seconds(function, *args):
    function(*args)  # warm the caches once
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(engine, paragraph_count, built):
    from django.db import connection

    from archive.search.engine import CANDIDATES

    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    name = "PostgreSQL (tsvector, GIN)" if engine == "postgresql" else "SQLite (FTS5)"
    scan_name = "ILIKE" if engine == "postgresql" else "LIKE"
    print(f"\n{name}: {paragraph_count:,} paragraphs, built and indexed in {built:.0f} s")
    print(f"median of {REPEATS} runs; ratio = {scan_name} scan time / indexed search time")
    print("paragraphs: share of paragraphs the search matched; scan hits: what the")
    print("pattern scan found with the query as typed (it knows no spelling variants);")
    print(f"search: the results page's data, ranking the newest {CANDIDATES} matches of each kind")
    print(
        f"{'query':<20} {'paragraphs':>10} {'scan hits':>10}"
        f" {'scan ms':>9} {'search ms':>9} {'ratio':>8}"
    )
    ratios = {}
    for query in QUERIES:
        search_time = median_seconds(indexed, query)
        scan_time = median_seconds(scan, engine, query)
        ratios[query] = scan_time / search_time
        share = matched_paragraphs(query) / paragraph_count
        print(
            f"{query:<20} {share:>10.1%} {scan(engine, query):>10}"
            f" {scan_time * 1000:>9.0f} {search_time * 1000:>9.1f} {ratios[query]:>7.1f}×"
        )
    worst = min(ratios, key=ratios.get)
    print(f"geometric mean ratio: {statistics.geometric_mean(ratios.values()):.1f}×")
    print(f"worst ratio: {ratios[worst]:.1f}× ({worst})")


def matched_paragraphs(query):
    """Every paragraph the search matches, counted whole (the page counts only what it ranks)."""
    from django.db import connection

    from archive.search import engine
    from archive.search.query import parse

    sql, params = engine._hits(parse(query), ("paragraph",), published_only=True, approximate=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS hits", params)  # noqa: S608 fixed SQL
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
