"""Queries that cannot be searched get a page that says why, never an error."""

import pytest

from archive.search.query import MAX_QUERY_LENGTH
from tests.archive.search_corpus import make_search_corpus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "؟!،."}, "الرموز وحدها لا يُبحث عنها"),
        ({"q": '" - « » --'}, "الرموز وحدها لا يُبحث عنها"),
        ({"q": "-الأسد"}, "كل كلمات البحث مستبعدة"),
        ({"q": "ا" * (MAX_QUERY_LENGTH + 1)}, f"أطول من {MAX_QUERY_LENGTH} حرف"),
        ({"q": " ".join(f"كلمة{n}" for n in range(20))}, "على الأكثر"),
    ],
)
def test_a_query_that_cannot_be_searched_explains_itself(client, params, message):
    response = client.get("/search/", params)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_empty_query_shows_how_to_search(client):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert "كيف تبحث" in response.content.decode()


def test_an_unclosed_quote_is_searched_and_noted(client):
    main, _ = make_search_corpus()

    html = client.get("/search/", {"q": '"مؤتمر اللاجئين'}).content.decode()

    assert "لم تُغلق علامة التنصيص" in html
    assert f"{main.get_absolute_url()}#p-3" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "الاسد", "page": "abc"},
        {"q": "الاسد", "page": "-4"},
        {"q": "الاسد", "page": "9" * 40},
        {"q": "الاسد", "in": "nothing-like-this"},
        {"q": "الاسد", "in": "actors", "page": "999"},
        {"q": "OR AND NOT NEAR * ^ :"},
        {"q": "'; DROP TABLE archive_article; --"},
        {"q": "\u202eالاسد"},
    ],
)
def test_odd_parameters_and_operators_never_break_the_page(client, params):
    make_search_corpus()

    assert client.get("/search/", params).status_code == 200


def test_a_nul_in_the_query_gets_a_page_that_says_so(client):
    """Refused before the search runs (readingroom.hostile_input): PostgreSQL cannot take it."""
    make_search_corpus()

    response = client.get("/search/", {"q": "\u202eالاسد\u0000"})

    assert response.status_code == 400
    assert "في المعامل «q» من عنوان الصفحة محرف NUL" in response.content.decode()


def test_words_a_database_would_read_as_operators_are_searched_as_words(client):
    make_search_corpus()

    html = client.get("/search/", {"q": "دمشق AND"}).content.decode()

    assert "لا نتائج" in html
