"""/articles/<slug>/: the reading page shows an article's exact paragraphs, right to left."""

from html import unescape

import pytest
from django.urls import reverse

from archive.models import Article
from tests.factories import PARAGRAPHS, make_article, make_outlet

pytestmark = pytest.mark.django_db


def test_reading_page_shows_title_metadata_and_every_paragraph_in_order(client):
    article = make_article(outlet=make_outlet(), author="فريق التحرير", url="https://example.org/1")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert article.title in html
    assert "فريق التحرير" in html and "<bdi>SY24</bdi>" in html
    positions = [html.index(f'<p id="p-{n}"') for n in range(1, len(PARAGRAPHS) + 1)]
    assert positions == sorted(positions)


def test_arabic_slug_urls_resolve(client):
    article = make_article(title="بوتين والأسد يجتمعان عبر الفيديو")

    assert article.slug == "بوتين-والأسد-يجتمعان-عبر-الفيديو"
    url = reverse("archive:article_detail", kwargs={"slug": article.slug})
    assert url.startswith("/articles/%D8%A8")
    assert client.get(url).status_code == 200


def test_duplicate_titles_get_distinct_slugs():
    first = make_article(title="مؤتمر اللاجئين")
    second = make_article(title="مؤتمر اللاجئين")

    assert first.slug != second.slug


def test_paragraph_text_is_exact_with_latin_and_numbers_isolated(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    assert (
        '<p id="p-1" data-position="1">أعلنت وزارة الدفاع الروسية، حسب ما تابعت منصة <bdi>SY24</bdi>، '
        "عن اجتماع في دمشق يوم <bdi>٢٠٢٤/٧/٢٦</bdi>.</p>"
    ) in html
    assert "لا يزال كبيرا 😀 على حد تعبيره." in html
    assert "وزعـــم المسؤول الروسي أن «انعقاد المُؤتَمَر هو العنصر الأول»" in html


def test_hostile_text_is_escaped(client):
    hostile = 'قال <script>alert(1)</script> المتحدث "><img src=x onerror=alert(2)>'
    article = make_article(title='<script>alert("t")</script>', paragraphs=[hostile])

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>" not in html and "<img" not in html
    opening = '<p id="p-1" data-position="1">'
    paragraph = html[html.index(opening) + len(opening) :]
    paragraph = paragraph[: paragraph.index("</p>")]
    assert unescape(paragraph.replace("<bdi>", "").replace("</bdi>", "")) == hostile


def test_drafts_are_hidden_from_readers_but_shown_to_curators(client, curator):
    draft = make_article(status=Article.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(curator)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "مسودة" in response.content.decode()


def test_missing_article_gives_an_arabic_404(client):
    response = client.get("/articles/مقال-غير-موجود/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصفحة غير موجودة" in html


@pytest.mark.parametrize("paragraph_count", [1, 50, 400])
def test_query_count_does_not_grow_with_paragraphs(
    client, django_assert_max_num_queries, paragraph_count
):
    article = make_article(
        outlet=make_outlet(),
        paragraphs=[f"فقرة رقم {n} من المقال." for n in range(paragraph_count)],
    )

    # article, paragraphs, annotations, their tags
    with django_assert_max_num_queries(4):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count('<p id="p-') == paragraph_count
