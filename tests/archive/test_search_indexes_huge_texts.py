"""A paragraph of any size is saved and found alike on both databases, never a server error."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_a_word_over_2047_bytes_is_left_out_and_the_rest_is_found(client):
    article = make_article(paragraphs=["قال " + "ب" * 1500 + " الوزير"])

    assert article.get_absolute_url() in search(client, "الوزير")
    assert article.get_absolute_url() not in search(client, "ب" * 100)


def test_a_paragraph_of_thirty_thousand_words_is_found_by_its_first_words(client):
    """PostgreSQL numbers at most 16,383 words of a text; both databases stop at the same word."""
    words = [f"كلمة{n}" for n in range(30_000)]
    article = make_article(paragraphs=["بداية النص " + " ".join(words) + " خاتمة"])

    html = search(client, '"بداية النص"')
    assert article.get_absolute_url() in html
    assert "<mark>بداية النص</mark>" in html
    assert article.get_absolute_url() not in search(client, "خاتمة")
