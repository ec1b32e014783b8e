"""/search/?q="…": a quoted phrase finds its words side by side, in order, in any text.

PostgreSQL finds a phrase's entries through an index of the words that
stand side by side (migration 0010); these pin that it finds exactly what
the words' order decides, on both databases, for texts of every shape.
"""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def search(client, q):
    """The page of exact results: the approximate fallback would find any phrase's words."""
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "نتائج تقريبية" not in html
    return html


def test_a_phrase_is_found_across_a_line_break(client):
    article = make_article(paragraphs=["طالب المؤتمر بعودة\nاللاجئين إلى ديارهم"])

    assert article.get_absolute_url() in search(client, '"بعودة اللاجئين"')


def test_a_phrase_of_three_words_needs_all_three_in_order(client):
    together = make_article(paragraphs=["دعا الوزير إلى عودة اللاجئين السوريين قريبا"])
    apart = make_article(paragraphs=["عودة اللاجئين مؤجلة، والسوريين ينتظرون"])
    reversed_ = make_article(paragraphs=["السوريين اللاجئين عودة"])

    html = search(client, '"عودة اللاجئين السوريين"')

    assert together.get_absolute_url() in html
    assert apart.get_absolute_url() not in html
    assert reversed_.get_absolute_url() not in html


def test_a_phrase_whose_first_word_repeats_is_found(client):
    article = make_article(paragraphs=["عودة عودة اللاجئين"])

    html = search(client, '"عودة اللاجئين"')

    assert article.get_absolute_url() in html
    assert "<mark>عودة اللاجئين</mark>" in html


def test_either_of_two_phrases_will_do(client):
    first = make_article(paragraphs=["بدأت عودة اللاجئين"])
    second = make_article(paragraphs=["انتهى حصار المدينة"])
    neither = make_article(paragraphs=["اللاجئين عودة والمدينة حصار"])

    html = search(client, '"عودة اللاجئين" أو "حصار المدينة"')

    assert first.get_absolute_url() in html and second.get_absolute_url() in html
    assert neither.get_absolute_url() not in html


def test_a_paragraph_with_two_very_long_words_side_by_side_is_found_by_its_phrases(client):
    """Two words of 1,400 bytes each: together longer than one indexed word may be."""
    first, second = "ب" * 700, "ت" * 700
    article = make_article(paragraphs=[f"عودة اللاجئين {first} {second} قريبة"])

    assert article.get_absolute_url() in search(client, '"عودة اللاجئين"')
    assert article.get_absolute_url() not in search(client, '"اللاجئين عودة"')


def test_a_phrase_at_the_end_of_a_paragraph_of_400_kilobytes_is_found(client):
    """A text too long for its word pairs to be indexed is still found by its phrases."""
    words = [f"abcdefghijabcdefghijabcdefghij{n:06d}" for n in range(11_000)]
    article = make_article(paragraphs=[" ".join(words) + " عودة اللاجئين"])
    assert len(" ".join(words).encode()) > 400_000

    assert article.get_absolute_url() in search(client, '"عودة اللاجئين"')
    assert article.get_absolute_url() not in search(client, '"اللاجئين عودة"')
