"""Writes a second and the share of 5xx answers with 1, 4 and 16 editors at once, in one run.

    .venv/bin/python bench/concurrency.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/concurrency.py --only sqlite --seconds 4

For each engine: a fresh database seeded as `make run` seeds it (a SQLite file in
a temporary folder, or a throwaway database created on the PostgreSQL server of
--database-url, default $BENCH_DATABASE_URL or
postgres://qiraa:qiraa@127.0.0.1:5432/qiraa, and dropped afterwards), served by
gunicorn with 4 workers, with 16 editors logged in. At each level (1, 4, 16
editors) every editor, in its own thread, for --seconds, annotates a word of the
seed articles (POST) and then changes the note of what it made (PUT with the
version the POST returned): two writes a round, nothing shared between editors,
so every answer should be 201 or 200. Prints, per level, the writes a second
against one editor's, and the share of answers that were 5xx (503: the
database stayed locked past the wait; 500: anything else). The ratios are what
to compare; the absolute rate depends on the machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.editors_at_once import (  # noqa: E402
    add_editors,
    annotation_path,
    changed,
    logged_in,
    new_annotation,
    word_spans,
)
from tests.scratch import scratch_site  # noqa: E402

LEVELS = (1, 4, 16)
WORKERS = 4
POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://qiraa:qiraa@127.0.0.1:5432/qiraa")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--seconds", type=float, default=8, help="length of each level")
    parser.add_argument("--database-url", default=POSTGRES_URL, help="PostgreSQL server to use")
    args = parser.parse_args()
    engines = [args.only] if args.only else ["sqlite", "postgresql"]
    for engine in engines:
        with (
            tempfile.TemporaryDirectory() as folder,
            scratch_site(
                Path(folder),
                "bench",
                postgres_url=args.database_url if engine == "postgresql" else "",
            ) as site,
        ):
            run(engine, site, args.seconds)


def run(engine, site, seconds):
    site.seed()
    accounts = add_editors(site, max(LEVELS))
    options = (
        site.shell(
            "from django.db import connection\n"
            "o = connection.settings_dict['OPTIONS']\n"
            "print({k: o[k] for k in sorted(o) if k in ('transaction_mode', 'timeout', 'init_command', 'options')})"
        )
        .strip()
        .splitlines()[-1]
    )
    base = site.serve(workers=WORKERS)
    clients = logged_in(base, accounts)
    spans = word_spans(clients[0])
    results = {level: measure(clients[:level], spans, seconds) for level in LEVELS}
    report(engine, options, seconds, results)


def measure(clients, spans, seconds):
    """(writes that succeeded, every status seen, elapsed seconds) for these editors at once."""
    statuses, lock = [], threading.Lock()
    gate = threading.Barrier(len(clients))

    def editor(n, client):
        mine = []
        gate.wait()
        deadline = time.monotonic() + seconds
        i = 0
        while time.monotonic() < deadline:
            span = spans[(n * 7919 + i) % len(spans)]
            status, _, created = client.json(
                "POST", "/api/annotations/", new_annotation(span, f"المحرر {n}، الجولة {i}")
            )
            mine.append(status)
            if status == 201:
                status, _, _ = client.json(
                    "PUT", annotation_path(created), changed(created, f"عدّلها المحرر {n}")
                )
                mine.append(status)
            i += 1
        with lock:
            statuses.extend(mine)

    threads = [threading.Thread(target=editor, args=(n, c)) for n, c in enumerate(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(1 for s in statuses if s in (200, 201)), statuses, elapsed


def report(engine, options, seconds, results):
    name = "SQLite" if engine == "sqlite" else "PostgreSQL"
    print(f"\n{name}: gunicorn with {WORKERS} workers, {seconds:g} s per level")
    print(f"database options: {options}")
    print("writes/s ratio = successful writes a second with N editors / with 1 editor")
    print(
        f"{'editors':>7} {'answers':>8} {'5xx share':>10} {'503':>5} {'500':>5} {'writes/s ratio':>15}"
    )
    one = None
    for level, (writes, statuses, elapsed) in results.items():
        rate = writes / elapsed
        one = one or rate
        five = sum(1 for s in statuses if s >= 500)
        share = five / len(statuses) if statuses else 0
        print(
            f"{level:>7} {len(statuses):>8} {share:>10.1%} {statuses.count(503):>5} "
            f"{statuses.count(500):>5} {rate / one if one else 0:>14.2f}×"
        )
    others = sorted({s for _, statuses, _ in results.values() for s in statuses} - {200, 201})
    if others:
        print(f"other statuses seen: {others}")
    rates = [w / e for w, _, e in results.values()]
    print(f"one editor: about {statistics.fmean(rates[:1]):.0f} writes/s on this machine")


if __name__ == "__main__":
    main()
