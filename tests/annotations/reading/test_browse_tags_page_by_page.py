"""A reader browses a long tag list page by page: the most used first, the rest a link away."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Tag
from annotations.reading.views import TAGS_PER_PAGE
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db

CLAIM_WORDS = "وقال الوزير إن اللاجئين سيعودون"


def tagged_archive(tag_count):
    """«الأكثر» on two claims, then «وسم 001» … on one each: the list's order is known."""
    article = make_article(paragraphs=[CLAIM_WORDS])
    paragraph = article.paragraphs.get()
    first = make_annotation(paragraph, "اللاجئين")
    second = make_annotation(paragraph, "سيعودون")
    first.tags.add("الأكثر", *(f"وسم {n:03}" for n in range(1, tag_count)))
    second.tags.add("الأكثر")
    return article


def tag_names(html):
    return re.findall(r'<a class="tag" href="/tags/[^"]+/"><bdi>([^<]+)</bdi>', html)


@pytest.fixture
def long_tag_list(db):
    return tagged_archive(TAGS_PER_PAGE + 3)


def test_the_first_page_lists_the_most_used_tags_and_links_to_the_next(client, long_tag_list):
    html = client.get("/tags/").content.decode()

    names = tag_names(html)
    assert len(names) == TAGS_PER_PAGE
    assert names[:2] == ["الأكثر", "وسم 001"]  # the most used first, then alphabetical
    assert 'rel="next" href="?page=2"' in html
    assert f"عدد الوسوم: <strong>{TAGS_PER_PAGE + 3}</strong>" in html


def test_the_last_page_holds_the_least_used_tags(client, long_tag_list):
    html = client.get("/tags/", {"page": 2}).content.decode()

    assert tag_names(html) == [f"وسم {n:03}" for n in range(TAGS_PER_PAGE, TAGS_PER_PAGE + 3)]
    assert 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.parametrize("page", ["0", "999", "abc", "٢"])
def test_a_page_number_out_of_range_or_mistyped_still_answers(client, long_tag_list, page):
    response = client.get("/tags/", {"page": page})

    assert response.status_code == 200
    assert tag_names(response.content.decode())


def queries_of_tag_list(client):
    """Queries of /tags/ right after a write (the total counted) and of the next request."""
    with CaptureQueriesContext(connection) as after_write:
        client.get("/tags/")
    with CaptureQueriesContext(connection) as next_one:
        html = client.get("/tags/").content.decode()
    return len(after_write), len(next_one), html


def test_a_page_of_tags_costs_the_same_queries_whatever_the_number_of_tags(client, settings):
    settings.QIRAA_PAGE_CACHE = False  # the list is built each time; its total is kept
    tagged_archive(5)
    few = queries_of_tag_list(client)
    tagged_archive(40)
    assert Tag.objects.count() == 40
    many = queries_of_tag_list(client)
    assert many[:2] == few[:2]
    assert many[0] == many[1] + 1  # the total is counted once, then kept


def test_the_number_of_tags_follows_a_new_tag_at_once(client, settings):
    settings.QIRAA_PAGE_CACHE = False
    article = tagged_archive(3)
    assert "عدد الوسوم: <strong>3</strong>" in client.get("/tags/").content.decode()

    make_annotation(article.paragraphs.get(), "الوزير").tags.add("جديد")

    assert "عدد الوسوم: <strong>4</strong>" in client.get("/tags/").content.decode()
