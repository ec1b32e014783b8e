"""/search/?q=: a bare بـ, لـ or كـ written onto a word is forgiven, and never makes two words meet."""

import pytest

from archive.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def articles():
    published = Article.Status.PUBLISHED
    return {
        "بدمشق": make_article(paragraphs=["عقد الاجتماع بدمشق أمس."], status=published),
        "لموسكو": make_article(paragraphs=["وصل الوفد لموسكو صباحا."], status=published),
        "دمشق": make_article(paragraphs=["تقع دمشق في الجنوب."], status=published),
        "بيان": make_article(paragraphs=["أصدرت الوزارة بيان الأمس."], status=published),
        "كيان": make_article(paragraphs=["لا كيان للمنظمة."], status=published),
    }


def urls(html, articles):
    return {word for word, article in articles.items() if article.get_absolute_url() in html}


def test_the_word_alone_finds_it_with_a_bare_preposition(client, articles):
    html = search(client, "دمشق")

    assert urls(html, articles) == {"بدمشق", "دمشق"}
    assert "<mark>بدمشق</mark>" in html and "<mark>دمشق</mark>" in html


def test_the_word_with_a_bare_preposition_finds_it_alone(client, articles):
    assert urls(search(client, "بدمشق"), articles) == {"بدمشق", "دمشق"}
    assert urls(search(client, "موسكو"), articles) == {"لموسكو"}


def test_two_words_that_differ_in_a_first_letter_do_not_meet(client, articles):
    """«بيان» (a statement) and «كيان» (an entity) share «يان», which is neither's word."""
    assert urls(search(client, "بيان"), articles) == {"بيان"}
    assert urls(search(client, "كيان"), articles) == {"كيان"}
