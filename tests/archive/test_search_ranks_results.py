"""/search/?q=: results come in the order of how well they match, the same on both databases.

The score (archive.search.ranking) is computed from an entry's indexed
columns, written by the index's own function from real Arabic text.
"""

import io

import pytest
from django.core.management import call_command

from archive.search import engine
from archive.search.index import entry_columns
from archive.search.query import parse
from archive.search.ranking import OTHER_FORM, TEXT, Scorer
from tests.archive.search_probes import PROBES

pytestmark = pytest.mark.django_db


def score(query: str, text: str) -> int:
    return Scorer(parse(query))(**entry_columns(text))


def test_each_time_the_word_appears_counts_even_side_by_side():
    once = score("اللاجئين", "عاد اللاجئين إلى حمص")
    twice = score("اللاجئين", "عاد اللاجئين اللاجئين إلى حمص")
    thrice = score("اللاجئين", "اللاجئين عادوا، وعاد اللاجئين مع اللاجئين")

    assert twice - once == TEXT
    assert thrice - twice == TEXT


def test_the_word_as_typed_outranks_its_other_forms():
    as_typed = score("المدرسة", "بقيت المدرسة مفتوحة")
    with_a_conjunction = score("المدرسة", "بقيت المكتبة والمدرسة مفتوحتين")

    assert as_typed > with_a_conjunction > 0
    assert with_a_conjunction % OTHER_FORM == 0


def test_a_phrase_counts_where_its_words_stand_together_even_across_a_line():
    assert score('"عودة اللاجئين"', "تحدث عن عودة اللاجئين إلى بيوتهم") == TEXT
    assert score('"عودة اللاجئين"', "تحدث عن عودة\nاللاجئين إلى بيوتهم") == TEXT
    assert score('"عودة اللاجئين"', "اللاجئين ينتظرون عودة قريبة") == 0


def test_words_left_out_with_a_minus_do_not_count():
    assert score("الأسد -دمشق", "التقى الأسد الوفد") == score("الأسد", "التقى الأسد الوفد")


def test_every_hit_of_every_probe_scores_above_nothing():
    """The score sees every word the index matched: no hit ranks as if it did not match."""
    call_command("load_seeds", stdout=io.StringIO())
    for probe in PROBES:
        if probe.approximate:
            continue
        query = parse(probe.query)
        for kinds in (engine.ARTICLE_KINDS, ("actor",), ("annotation",)):
            candidates, _ = engine._candidates(
                query, kinds, published_only=False, approximate=False
            )
            assert all(c.score > 0 for c in candidates), probe.query
