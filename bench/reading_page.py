"""Queries and render time of the reading page with 0, 10 and 500 annotations, in one run.

    .venv/bin/python bench/reading_page.py            # SQLite in a temporary file
    DATABASE_URL=postgres://… .venv/bin/python bench/reading_page.py

Prints the number of queries per page view (it must not grow) and each
median render time as a ratio of the 0-annotation page's.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REPEATS = 15


def measure(client, url):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return len(queries), statistics.median(times)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from annotations.roles import ensure_editors_group
    from tests.factories import make_annotated_article

    editor = get_user_model().objects.create_user("bench-editor")
    editor.groups.add(ensure_editors_group())
    articles = {count: make_annotated_article(count, user=editor) for count in (0, 10, 500)}
    print(f"database: {connection.vendor}; 50 paragraphs per article; median of {REPEATS} views")
    for who in ("reader", "editor"):
        client = Client()
        if who == "editor":
            client.force_login(editor)
        baseline = None
        for count, article in articles.items():
            queries, seconds = measure(client, article.get_absolute_url())
            baseline = baseline or seconds
            print(
                f"{who:7} {count:4} annotations: {queries} queries, render time ×{seconds / baseline:.2f} of the 0-annotation page"
            )


if __name__ == "__main__":
    main()
