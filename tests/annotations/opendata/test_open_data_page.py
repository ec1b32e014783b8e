"""A researcher finds, in Arabic, everything Qira'a offers as data: the claims as a spreadsheet,
the read API, each article's W3C annotations and the schema.org claims, with what they hold."""

import pytest

from archive.models import Article
from tests.factories import make_actor, make_annotation, make_article, make_claim

pytestmark = pytest.mark.django_db
URL = "/data/"


def test_the_page_links_every_open_format_and_counts_only_published_claims(client):
    make_claim()
    make_claim()
    make_claim(status=Article.Status.DRAFT)
    article = make_article()
    make_annotation(article.paragraphs.get(position=2), "بوتين", kind="actor", actor=make_actor())

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>البيانات المفتوحة</h1>" in html
    for href in (
        'href="/claims.csv"',
        'href="/api/claims/"',
        'href="/api/articles/"',
        'href="/claims/"',
    ):
        assert href in html
    assert "annotations.jsonld" in html and "schema.org" in html
    # The draft's claim is not counted; the nouns agree with their numbers.
    assert '<strong data-count="claims" data-value="2">ادعاءان موسومان</strong>' in html
    assert '<strong data-count="articles" data-value="3">3 مقالات منشورة</strong>' in html


def test_every_page_links_to_it_from_its_footer(client):
    html = client.get("/").content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{URL}"' in footer


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_costs_the_same_queries_whatever_the_archive(
    client, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_claim()

    with django_assert_max_num_queries(3):
        assert client.get(URL).status_code == 200
