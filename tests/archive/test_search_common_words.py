"""/search/?q=: a word found in more entries than a search ranks stays fast and says so.

A search ranks the newest archive.search.engine.CANDIDATES matches of each
kind. These tests lower the cap to a handful so that a small archive of real
Arabic text passes it; everything else is the site's own search on the
suite's database.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.search import engine
from archive.templatetags.arabic_locale import counted
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CAP = 6
RETURN = "وعاد اللاجئون إلى حمص بعد سنوات."


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", CAP)


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def articles_count(html: str) -> str:
    return re.search(r'<h2 id="group-articles">المقالات <span class="count">([^<]*)</span>', html)[
        1
    ]


def shown(html: str, articles) -> list[int]:
    """The numbers of `articles` the page links to, in the page's order."""
    places = {n: html.find(f'href="{a.get_absolute_url()}"') for n, a in enumerate(articles)}
    return sorted((n for n, place in places.items() if place != -1), key=places.get)


def test_a_word_in_more_paragraphs_than_are_ranked_shows_the_newest_and_says_at_least(
    client, small_cap
):
    articles = [make_article(title=f"تقرير رقم {n}", paragraphs=[RETURN]) for n in range(CAP * 2)]

    html = search(client, "اللاجئون")

    # The newest CAP paragraphs are ranked; the oldest of them is the last its
    # article has among them, so that article (which may have more) is left
    # out. Equal scores list the older article first.
    assert shown(html, articles) == list(range(CAP + 1, CAP * 2))
    assert articles_count(html) == f"{CAP - 1} على الأقل"
    assert f"المقالات ({CAP - 1} على الأقل)" in html


def test_up_to_the_cap_every_match_is_ranked_and_counted_exactly(client, small_cap):
    articles = [make_article(title=f"تقرير رقم {n}", paragraphs=[RETURN]) for n in range(CAP)]

    html = search(client, "اللاجئون")

    assert sorted(shown(html, articles)) == list(range(CAP))
    assert articles_count(html) == str(CAP)
    assert "على الأقل" not in html


def test_each_article_shown_counts_every_one_of_its_matching_paragraphs(client, monkeypatch):
    # Three matching paragraphs each: a cap of seven ranks the newest two
    # articles whole and one paragraph of a third, which is left out.
    monkeypatch.setattr(engine, "CANDIDATES", 7)
    articles = [
        make_article(title=f"تقرير رقم {n}", paragraphs=[RETURN, "نص آخر.", RETURN, RETURN])
        for n in range(4)
    ]

    html = search(client, "اللاجئون")

    assert shown(html, articles) == [2, 3]
    assert html.count(counted(3, "matching_paragraph")) == 2
    assert articles_count(html) == "2 على الأقل"


def test_a_common_word_costs_the_same_queries_as_a_rare_one(client, small_cap):
    for n in range(CAP * 3):
        make_article(title=f"تقرير رقم {n}", paragraphs=[RETURN, "وصل الوفد إلى دمشق."])
    make_article(title="تقرير عن تدمر", paragraphs=["زار الوفد تدمر."])

    with CaptureQueriesContext(connection) as common:
        assert "على الأقل" in search(client, "اللاجئون")
    with CaptureQueriesContext(connection) as rare:
        assert "على الأقل" not in search(client, "تدمر")

    assert len(common) == len(rare)


def test_paragraphs_where_the_word_comes_more_often_rank_first(client):
    once = make_article(title="تقرير أول", paragraphs=["عاد اللاجئون."])
    thrice = make_article(
        title="تقرير ثان", paragraphs=["اللاجئون اللاجئون، ثم عاد اللاجئون إلى حمص."]
    )
    twice = make_article(title="تقرير ثالث", paragraphs=["عاد اللاجئون وعاد اللاجئون."])
    tie = make_article(title="تقرير رابع", paragraphs=["عاد اللاجئون."])

    html = search(client, "اللاجئون")

    # Ties go to the older article, on both databases.
    assert shown(html, [once, thrice, twice, tie]) == [1, 2, 0, 3]


def test_a_title_that_matches_still_comes_first(client, small_cap):
    titled = make_article(title="عودة اللاجئين", paragraphs=["نص لا يذكرهم."])
    for n in range(CAP * 2):
        make_article(title=f"تقرير رقم {n}", paragraphs=[RETURN, RETURN])

    html = search(client, "اللاجئين")

    assert "على الأقل" in html
    assert html.index(titled.get_absolute_url()) < html.index("#p-1")
