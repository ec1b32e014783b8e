"""/: the list of published articles, newest first."""

import datetime

import pytest

from archive.models import Article
from archive.views import ARTICLES_PER_PAGE
from tests.factories import make_article, make_outlet

pytestmark = pytest.mark.django_db


def test_lists_published_articles_newest_first_with_outlet_date_lead_and_count(client):
    outlet = make_outlet()
    old = make_article(title="مقال قديم", outlet=outlet, published_on=datetime.date(2020, 11, 9))
    new = make_article(title="مقال جديد", outlet=outlet, published_on=datetime.date(2021, 7, 20))
    make_article(title="مسودة لم تنشر", status=Article.Status.DRAFT)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(new.title) < html.index(old.title)
    assert "مسودة لم تنشر" not in html
    assert "<bdi>SY24</bdi>" in html
    assert "20 يوليو 2021" in html or "20 تموز 2021" in html
    assert "أعلنت وزارة الدفاع الروسية" in html  # the lead: first words of paragraph 1
    assert "3 فقرات" in html


def test_articles_without_a_date_come_after_dated_ones(client):
    undated = make_article(title="بلا تاريخ")
    dated = make_article(title="له تاريخ", published_on=datetime.date(2019, 1, 1))

    html = client.get("/").content.decode()

    assert html.index(dated.title) < html.index(undated.title)


def test_pagination(client):
    for n in range(ARTICLES_PER_PAGE + 3):
        make_article(
            title=f"مقال {n}", published_on=datetime.date(2021, 1, 1) + datetime.timedelta(n)
        )

    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()

    assert first.count('class="article-item"') == ARTICLES_PER_PAGE
    assert second.count('class="article-item"') == 3
    assert "صفحة 2 من 2" in second
    assert client.get("/?page=abc").status_code == 200


def test_empty_archive_says_so(client):
    assert "لا توجد مقالات منشورة بعد" in client.get("/").content.decode()


@pytest.mark.parametrize("article_count", [1, 20, 60])
def test_query_count_does_not_grow_with_articles(
    client, django_assert_max_num_queries, article_count
):
    outlet = make_outlet()
    for _ in range(article_count):
        make_article(outlet=outlet, paragraphs=["فقرة أولى.", "فقرة ثانية.", "ثالثة."])

    with django_assert_max_num_queries(2):
        response = client.get("/")

    assert response.content.decode().count('class="article-item"') == min(
        article_count, ARTICLES_PER_PAGE
    )
