"""The demo corpus: both seed articles load exactly as published, and loading again changes nothing."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "seeds"


def seed_lines(name):
    return [line for line in (SEEDS / name).read_text(encoding="utf-8").split("\n") if line.strip()]


def test_seeds_are_published_with_their_exact_paragraphs():
    call_command("load_seeds", stdout=io.StringIO())

    first = Article.objects.get(source_name="000_c1d9d30ac0204e80.txt")
    second = Article.objects.get(source_name="003_f2c3a7f198eea0a5.txt")
    assert first.is_published and second.is_published
    # The first seed has no headline line: every line is a paragraph.
    assert list(first.paragraphs.values_list("text", flat=True)) == seed_lines(
        "000_c1d9d30ac0204e80.txt"
    )
    assert first.outlet.name == "SY24"
    # The second seed opens with a headline, which becomes the title.
    lines = seed_lines("003_f2c3a7f198eea0a5.txt")
    assert second.title == lines[0] == "بوتين والأسد يجتمعان عبر الفيديو لبحث مؤتمر اللاجئين"
    assert list(second.paragraphs.values_list("text", flat=True)) == lines[1:]


def test_loading_seeds_twice_changes_nothing():
    call_command("load_seeds", stdout=io.StringIO())
    before = list(Article.objects.values_list("pk", "updated"))

    out = io.StringIO()
    call_command("load_seeds", stdout=out)

    assert list(Article.objects.values_list("pk", "updated")) == before
    assert out.getvalue().count("unchanged") == 2


def test_seed_text_files_are_the_shared_corpus_unchanged():
    shared = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not shared.exists():
        pytest.skip("no shared corpus beside this checkout")
    for original in shared.glob("*.txt"):
        assert (SEEDS / original.name).read_bytes() == original.read_bytes()
