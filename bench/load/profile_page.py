"""Where one page's requests spend their time, through the WSGI application gunicorn runs.

    DATABASE_URL=… DJANGO_SETTINGS_MODULE=… .venv/bin/python bench/load/profile_page.py PATH [--conditional]

bench/load.py --profile runs it with the settings it serves the site with, once
with the page cache off (QIRAA_PAGE_CACHE=false), once with it on, and once with
it on and If-None-Match carrying the page's ETag (--conditional). Requests go to
readingroom.wsgi's application as a reader's would (Host 127.0.0.1, no cookie),
a few first to fill caches, then TIMED without the profiler (their mean time,
beside that of a static file through the same application, to compare within
one run), then REQUESTS under cProfile. Prints shares of the profiled time: by
area (own time of the functions in each library or module of ours) and the
functions that take the most, with and without what they call. Shares only:
cProfile slows every call.
"""

import cProfile
import io
import pstats
import sys
import urllib.parse
from collections import defaultdict
from pathlib import Path
from wsgiref.util import setup_testing_defaults

REQUESTS = 40
TIMED = 300
STATIC_FILE = "/static/css/site.css"
WARM_UP = 5
ROOT = Path(__file__).resolve().parent.parent.parent
# Longest prefix first: a file's area is the first of these its path contains.
AREAS = [
    ("django/template", "Django templates"),
    ("django/db", "Django ORM"),
    ("django/urls", "Django URL reversing"),
    ("django/utils/html", "Django escaping"),
    ("django/core/cache", "Django cache"),
    ("django/", "Django (other)"),
    ("psycopg", "psycopg"),
    ("sqlite3", "sqlite3"),
    ("redis", "redis client"),
    ("taggit", "taggit"),
    ("simple_history", "simple_history"),
    ("whitenoise", "whitenoise"),
    ("regex", "regex"),
    ("json", "json"),
]
# Library functions worth naming beside ours (file, function): where rows are fetched and
# prefetched, templates included, URLs reversed, values cached.
NOTABLE = {
    ("django/db/models/query.py", "prefetch_related_objects"),
    ("django/db/backends/utils.py", "execute"),
    ("django/urls/base.py", "reverse"),
    ("django/template/loader.py", "render_to_string"),
    ("django/core/cache/backends/", "get"),
    ("django/core/cache/backends/", "get_many"),
    ("django/core/cache/backends/", "set"),
    ("taggit/managers.py", "get_prefetch_querysets"),
}


def notable(key) -> bool:
    filename, _, function = key
    return any(part in filename and function == name for part, name in NOTABLE)


def main():
    path = sys.argv[1]
    conditional = "--conditional" in sys.argv[2:]
    import time

    import django

    django.setup()
    from django.db import connection

    from readingroom.wsgi import application

    validators = {}

    def request(where=path):
        environ = {
            "PATH_INFO": urllib.parse.unquote(where.split("?")[0]).encode().decode("latin-1"),
            "QUERY_STRING": where.partition("?")[2],
            "HTTP_HOST": "127.0.0.1",
            "SERVER_NAME": "127.0.0.1",
        }
        if conditional and where in validators:
            environ["HTTP_IF_NONE_MATCH"] = validators[where]
        setup_testing_defaults(environ)
        statuses = []

        def start(status, headers):
            statuses.append(status)
            etag = dict(headers).get("ETag")
            if etag:
                validators.setdefault(where, etag)

        body = b"".join(application(environ, start))
        return statuses[0], body

    for _ in range(WARM_UP):
        status, body = request()
        request(STATIC_FILE)
    for where in (path, STATIC_FILE):
        started = time.perf_counter()
        for _ in range(TIMED):
            request(where)
        mean = (time.perf_counter() - started) / TIMED
        print(f"{urllib.parse.unquote(where)}: {mean * 1e6:.0f} µs a request, in process")
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        request()
    print(
        f"{urllib.parse.unquote(path)} answered {status}, {len(body)} bytes, "
        f"{len(queries)} queries; {REQUESTS} requests profiled"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        request()
    profiler.disable()
    report(pstats.Stats(profiler, stream=io.StringIO()))


def area(filename: str) -> str:
    name = filename.replace("\\", "/")
    if str(ROOT) in name and "/.venv/" not in name:
        return "ours: " + name.split(str(ROOT) + "/", 1)[1]
    for prefix, label in AREAS:
        if f"/{prefix}" in name or name.startswith(f"<{prefix}"):
            return label
    return "Python and other"


def report(stats):
    total = stats.total_tt or 1.0
    by_area = defaultdict(float)
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        by_area[area(filename)] += own
    print("own time by area (share of all):")
    for name, own in sorted(by_area.items(), key=lambda kv: -kv[1])[:14]:
        print(f"  {own / total:6.1%}  {name}")
    rows = [
        (key, own, cumulative, calls) for key, (_, calls, own, cumulative, _) in stats.stats.items()
    ]
    print("most own time:")
    for key, own, _, calls in sorted(rows, key=lambda r: -r[1])[:12]:
        print(f"  {own / total:6.1%}  {calls / REQUESTS:>8.0f} calls/request  {label(key)}")
    print("most time with what they call: our functions, and Django's that pages lean on:")
    shown = 0
    for key, _, cumulative, calls in sorted(rows, key=lambda r: -r[2]):
        if not (area(key[0]).startswith("ours") or notable(key)):
            continue
        print(f"  {cumulative / total:6.1%}  {calls / REQUESTS:>8.0f} calls/request  {label(key)}")
        shown += 1
        if shown == 20:
            break


def label(key) -> str:
    filename, line, function = key
    if filename.startswith("~"):
        return function
    short = filename.split("/site-packages/", 1)[-1].replace(str(ROOT) + "/", "")
    return f"{function} ({short}:{line})"


if __name__ == "__main__":
    main()
