"""The list pages and search at 2 articles against 10,002 articles and 100,081 annotations.

    .venv/bin/python bench/archive_growth.py                 # PostgreSQL and SQLite
    .venv/bin/python bench/archive_growth.py --only sqlite
    .venv/bin/python bench/archive_growth.py --articles 2000 # a quicker, smaller run

Loads the two seed articles and their 81 annotations, copies that database and
adds to the copy 10,000 articles (one in ten a draft) in bulk, each a copy of a seed
article's paragraphs with ten of its annotations (a third claims, with their
sources when they have one), spoken by 1,500 actors and carrying 60 tags,
with their search entries, and counts them once (`rebuild_listing_counts`, as
after any bulk write). Then times each page on both databases in turn, round
after round, and prints its median time (p50) at 10,002 articles as a ratio of
its median at 2, for a reader and an editor. Pages are fetched with Django's
test client in this process with the page cache off (QIRAA_PAGE_CACHE=false)
and no cache at all (QIRAA_CACHE_URL=dummy://): what is timed is building the
page, after one untimed request for the same page.
The target is ×2 or less everywhere.

PostgreSQL comes from $BENCH_DATABASE_URL (see bench/engines.py) and is
ANALYZEd after the bulk load, as autovacuum would soon do.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["QIRAA_PAGE_CACHE"] = "false"
# Nothing kept between requests either: each one builds what it shows.
os.environ["QIRAA_CACHE_URL"] = "dummy://"

from bench.engines import run_each, scratch_database  # noqa: E402

PAGES = {
    "/": "/",
    "/actors/": "/actors/",
    "/claims/": "/claims/",
    "/tags/": "/tags/",
    "/data/": "/data/",
    "/api/claims/": "/api/claims/",
    "search «اللاجئين»": "/search/?q=اللاجئين",
}
REPEATS = 15
ACTORS = 1_500
TAGS = 60
OUTLETS = 8
PER_ARTICLE = 10
CHUNK = 2_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # set for the child runs
    args = parser.parse_args()
    if args.engine:
        return run(args.engine, args.articles)
    run_each(__file__, args.only, ["--articles", str(args.articles)])
    return None


def run(engine, articles):
    with scratch_database(engine):
        from django.conf import settings
        from django.core.management import call_command

        assert not settings.QIRAA_PAGE_CACHE
        call_command("load_seeds", verbosity=0)
        call_command("load_seed_annotations", verbosity=0)
        clients = _clients()
        small, large = _copy_database(engine)
        _use(large)
        started = time.perf_counter()
        total = grow(articles)
        built = time.perf_counter() - started
        try:
            times = _time_pages(clients, {"small": small, "large": large})
        finally:
            _use(small)
            _drop(engine, large)
        _report(engine, articles, total, built, times)


def _copy_database(engine):
    """The seeded database and a copy of it to grow, both open, so requests can alternate.

    Timing the two states side by side, round after round, keeps the load of the
    machine (other processes, caches) out of the ratio.
    """
    from django.db import connections
    from django.db.utils import load_backend

    small = connections["default"]
    name = small.settings_dict["NAME"]
    if engine == "sqlite":
        import sqlite3

        copy = f"{name}.large"
        small.close()
        with sqlite3.connect(name) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    else:
        copy = f"{name}_large"
        small.close()
        with small._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    settings = {**small.settings_dict, "NAME": copy}
    large = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
    return small, large


def _use(wrapper):
    from django.db import connections

    connections._connections.default = wrapper


def _drop(engine, large):
    large.close()
    if engine == "postgresql":
        from django.db import connection

        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{large.settings_dict["NAME"]}"')


def _clients():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from annotations.roles import ensure_editors_group

    editor = get_user_model().objects.create_user("bench-editor")
    editor.groups.add(ensure_editors_group())
    reader, editing = Client(), Client()
    editing.force_login(editor)
    return {"reader": reader, "editor": editing}


def _time_pages(clients, databases) -> dict:
    """{(database, who, page): p50}: each round warms and times every page on each database."""
    times = {}
    for _ in range(REPEATS):
        for database, wrapper in databases.items():
            _use(wrapper)
            for who, client in clients.items():
                for name, url in PAGES.items():
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    started = time.perf_counter()
                    client.get(url)
                    times.setdefault((database, who, name), []).append(
                        time.perf_counter() - started
                    )
    return {key: statistics.median(values) for key, values in times.items()}


def _report(engine, articles, annotations, built, times):
    print(
        f"database: {engine}; 2 → {articles + 2:,} articles, 81 → {annotations:,} annotations "
        f"(built in {built:.0f} s); p50 of {REPEATS} requests each, the two sizes side by side, "
        "page cache off"
    )
    print(f"{'page':20} {'reader':>26} {'editor':>26}")
    worst = 0
    for name in PAGES:
        cells = []
        for who in ("reader", "editor"):
            small, large = times[("small", who, name)], times[("large", who, name)]
            worst = max(worst, large / small)
            cells.append(f"×{large / small:.2f} ({small * 1000:.1f} → {large * 1000:.1f} ms)")
        print(f"{name:20} {cells[0]:>26} {cells[1]:>26}")
    print(f"worst ×{worst:.2f} (target ×2)")


def grow(count) -> int:
    """Add `count` articles with PER_ARTICLE annotations each, in bulk; the annotations now stored."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction

    from annotations.models import Actor, Annotation, Tag, TaggedAnnotation
    from archive.collation import sort_key
    from archive.models import Article, Outlet, Paragraph, SearchEntry
    from archive.search.index import entry_columns

    rng = random.Random(14)  # noqa: S311 the same archive on every run, not a secret
    seeds = list(Article.objects.order_by("pk"))
    templates = []
    for seed in seeds:
        paragraphs = list(seed.paragraphs.order_by("position"))
        position = {p.pk: i for i, p in enumerate(paragraphs)}
        rows = list(Annotation.objects.filter(paragraph__article=seed).order_by("pk"))
        templates.append(([p.text for p in paragraphs], rows, position))
    folded = {}

    def columns(text):
        if text not in folded:
            folded[text] = entry_columns(text)
        return folded[text]

    with transaction.atomic():
        outlets = [Outlet.objects.create(name=f"وسيلة {n}") for n in range(OUTLETS)]
        kinds = Actor.Kind.values
        actors = Actor.objects.bulk_create(
            Actor(
                name=f"فاعل رقم {n}",
                slug=f"fa3il-{n}",
                kind=kinds[n % len(kinds)],
                kind_rank=n % len(kinds),
                sort_key=sort_key(f"فاعل رقم {n}"),
            )
            for n in range(ACTORS)
        )
        tags = [Tag.objects.create(name=f"وسم رقم {n}") for n in range(TAGS)]
        content_type = ContentType.objects.get_for_model(Annotation)
        first_day = date(2012, 1, 1)
        for start in range(0, count, CHUNK):
            size = min(CHUNK, count - start)
            made = Article.objects.bulk_create(
                Article(
                    title=f"تقرير عن اللاجئين والمؤتمر {start + n}",
                    slug=f"taqrir-{start + n}",
                    status="draft" if (start + n) % 10 == 9 else "published",
                    outlet=outlets[(start + n) % OUTLETS],
                    published_on=first_day + timedelta(days=rng.randrange(4000)),
                    source_name=f"bench-{start + n}.txt",
                )
                for n in range(size)
            )
            shapes = [rng.randrange(len(templates)) for _ in made]
            paragraphs = Paragraph.objects.bulk_create(
                Paragraph(article=article, position=i + 1, text=text)
                for article, shape in zip(made, shapes, strict=True)
                for i, text in enumerate(templates[shape][0])
            )
            by_article = {}
            for paragraph in paragraphs:
                by_article.setdefault(paragraph.article_id, []).append(paragraph)
            SearchEntry.objects.bulk_create(
                [
                    *(
                        SearchEntry(
                            kind="article", object_id=a.pk, article_id=a.pk, **columns(a.title)
                        )
                        for a in made
                    ),
                    *(
                        SearchEntry(
                            kind="paragraph",
                            object_id=p.pk,
                            article_id=p.article_id,
                            paragraph_id=p.pk,
                            **columns(p.text),
                        )
                        for p in paragraphs
                    ),
                ],
                batch_size=500,
            )
            sources, claims = [], []
            for article, shape in zip(made, shapes, strict=True):
                _, rows, position = templates[shape]
                chosen = rng.sample(rows, PER_ARTICLE)
                own = by_article[article.pk]
                copies = {}
                for row in chosen:
                    copy = Annotation(
                        paragraph=own[position[row.paragraph_id]],
                        start=row.start,
                        end=row.end,
                        exact=row.exact,
                        prefix=row.prefix,
                        suffix=row.suffix,
                        kind=row.kind,
                        actor=rng.choice(actors) if row.actor_id else None,
                        cue=row.cue,
                        stance=row.stance,
                        quote=row.quote,
                        specificity=row.specificity,
                    )
                    copies[row.pk] = (row, copy)
                    (claims if row.kind == "claim" else sources).append(copy)
                for row, copy in copies.values():
                    if row.via_id in copies:
                        copy._via_copy = copies[row.via_id][1]
            Annotation.objects.bulk_create(sources, batch_size=500)
            for claim in claims:
                via = getattr(claim, "_via_copy", None)
                claim.via = via
            Annotation.objects.bulk_create(claims, batch_size=500)
            TaggedAnnotation.objects.bulk_create(
                (
                    TaggedAnnotation(tag=tag, content_type=content_type, object_id=a.pk)
                    for a in [*sources, *claims]
                    if rng.random() < 0.3
                    for tag in rng.sample(tags, rng.choice((1, 1, 2)))
                ),
                batch_size=500,
            )
        call_command("rebuild_listing_counts", verbosity=0, stdout=open(os.devnull, "w"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Annotation.objects.count()


if __name__ == "__main__":
    main()
