"""Re-anchoring a corrected article at three sizes, in one run.

    .venv/bin/python bench/reanchoring.py            # SQLite in a temporary file
    DATABASE_URL=postgres://… .venv/bin/python bench/reanchoring.py

Each article has paragraphs of seed words around one annotated sentence and
1.25 annotations per paragraph. The correction puts an emoji before half of
the paragraphs (anchored again), changes the annotated words in a quarter
(moved) and replaces the last quarter (orphaned). Prints the states and the
time as a ratio of the smallest article's, per annotation.
"""

import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZES = (25, 100, 400)
QUOTE = "الوفد وصل إلى دمشق"


def corrected(texts):
    half, three_quarters = len(texts) // 2, len(texts) * 3 // 4
    return (
        ["😀 " + t for t in texts[:half]]
        + [t.replace("الوفد وصل", "الوفود وصلت") for t in texts[half:three_quarters]]
        + [
            "نص آخر مختلف تماما عن الموضوع رقم " + str(n)
            for n in range(len(texts) - three_quarters)
        ]
    )


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from archive.paragraphs import replace_paragraphs
    from tests.factories import make_annotation, make_article

    rng = random.Random(1)  # noqa: S311 reproducible synthetic text
    seeds = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    words = re.findall(r"\w+", seeds)
    baseline = None
    for size in SIZES:
        texts = [
            f"{' '.join(rng.choices(words, k=20))} {QUOTE} {' '.join(rng.choices(words, k=20))}"
            for _ in range(size)
        ]
        article = make_article(paragraphs=texts)
        paragraphs = list(article.paragraphs.order_by("position"))
        count = size * 5 // 4
        for n in range(count):
            make_annotation(paragraphs[n % size], QUOTE)
        started = time.perf_counter()
        report = replace_paragraphs(article, corrected(texts))
        per_annotation = (time.perf_counter() - started) / count
        baseline = baseline or per_annotation
        states = ", ".join(f"{n} {state}" for state, n in report.items())
        print(
            f"{size:4} paragraphs, {count:4} annotations: {states}; "
            f"time per annotation ×{per_annotation / baseline:.2f} of the {SIZES[0]}-paragraph article's"
        )


if __name__ == "__main__":
    main()
