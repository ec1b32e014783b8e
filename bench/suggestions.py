"""«هل تقصد» candidates from a vocabulary of 1,000 words against one of 100,000, in one run.

    .venv/bin/python bench/suggestions.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/suggestions.py --only sqlite

Builds a vocabulary (archive.SearchWord) of words made from the seed
articles' own words, a letter or three changed, some with «ال» or «و» in
front, so that the letters words begin and end with are spread as in the
archive. Then times the lookup of corrections for misspelt names and title
words, one word at a time (the vocabulary query and the edit distances:
what grows with the vocabulary; the engine's check of the corrected query
does not) at 1,000, 10,000 and 100,000 words. Prints the median time and
the rows a lookup reads at each size, and the ratio of the largest to the
smallest: the rows read stop growing once each key holds more words than
a lookup reads of it (suggest.PER_KEY), so the time does too.

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

SIZES = (1_000, 10_000, 100_000)
MISSPELT = ["بوتبن", "شويجو", "ميزنتسيف", "الاعمر", "دمشف", "اللاجيبن", "روسبا", "الكرملبن"]
REPEATS = 15
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


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
        measured, read = {}, {}
        made = set()
        for size in SIZES:
            grow(made, size)
            measured[size], read[size] = time_lookups()
        small, large = measured[SIZES[0]], measured[SIZES[-1]]
        times = ", ".join(
            f"{measured[size] * 1000:.1f} ms at {size:,} words ({read[size]} read)"
            for size in SIZES
        )
        print(
            f"{engine}: corrections of a misspelt word, median of {REPEATS} × {len(MISSPELT)}:"
            f" {times}; ratio {SIZES[-1]:,} / {SIZES[0]:,} words: {large / small:.2f}"
        )


def seed_words():
    from archive.normalise import search_key

    text = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "seeds").glob("*.txt"))
    return sorted({w for w in re.findall(r"\w+", search_key(text)) if len(w) >= 3 and w.isalpha()})


def grow(made, size):
    """Add words to the vocabulary until it holds `size`."""
    from archive.models import SearchWord
    from archive.search.vocabulary import MAX_WORD, _row

    rng = random.Random(len(made))  # noqa: S311 reproducible synthetic words
    bases = seed_words()
    rows = []
    while len(made) < size:
        word = list(rng.choice(bases))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(word))
            word[at] = rng.choice(LETTERS)
        word = rng.choice(["", "", "ال", "و"]) + "".join(word)
        if word in made or len(word) > MAX_WORD:
            continue
        made.add(word)
        names, titles = rng.choice([(1, 0), (0, 1), (0, rng.randint(1, 40))])
        rows.append(_row(SearchWord, word, word, names, titles))
    SearchWord.objects.bulk_create(rows, batch_size=5000)
    if SearchWord.objects.count() != size:
        raise SystemExit(f"expected {size} words")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE archive_searchword" if connection.vendor == "postgresql" else "ANALYZE"
        )


def time_lookups():
    """Median time of looking up the corrections of one misspelt word, as a reader types it,
    and how many vocabulary rows such a lookup reads (the median)."""
    from archive.search.suggest import _candidates, _corrections

    read = [sum(len(rows) for rows in _candidates([word]).values()) for word in MISSPELT]
    times = []
    for _ in range(REPEATS):
        for word in MISSPELT:
            started = time.perf_counter()
            _corrections([word])
            times.append(time.perf_counter() - started)
    return statistics.median(times), int(statistics.median(read))


if __name__ == "__main__":
    main()
