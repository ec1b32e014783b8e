"""A reader's page is kept whole: the next reader gets it without a query, compressed, or 304."""

import gzip
import time

import pytest
from django.test import Client

from readingroom import page_cache
from tests.cache.pages import as_reader, served_from_cache
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article()
    make_annotation(article.paragraphs.get(position=2), "حجم الكارثة الإنسانية")
    return article


READER_PAGES = [
    "/",
    "/actors/",
    "/claims/",
    "/tags/",
    "/data/",
    "/search/?q=اللاجئين",
    "/api/articles/",
    "/api/claims/",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_the_second_reader_gets_the_page_without_reading_the_database(article, url):
    first = as_reader(url)
    assert first.status_code == 200
    assert served_from_cache(url)
    assert as_reader(url).content == first.content


def test_an_article_page_and_its_data_are_kept_too(article):
    for url in (
        article.get_absolute_url(),
        f"/api/articles/{article.slug}/",
        f"/api/articles/{article.slug}/paragraphs/",
        f"/articles/{article.slug}/annotations.jsonld",
    ):
        first = as_reader(url)
        assert first.status_code == 200, url
        assert served_from_cache(url), url
        assert as_reader(url).content == first.content


def test_a_reader_who_accepts_gzip_gets_the_same_page_compressed(article):
    url = article.get_absolute_url()
    plain = as_reader(url).content
    zipped = as_reader(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain) / 2


def test_a_client_refusing_gzip_gets_it_plain(article):
    url = article.get_absolute_url()
    as_reader(url)
    response = as_reader(url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert not response.has_header("Content-Encoding")
    assert "بوتين" in response.content.decode()


def test_a_matching_etag_is_answered_304_without_a_body_or_a_query(
    article, django_assert_num_queries
):
    url = article.get_absolute_url()
    etag = as_reader(url)["ETag"]
    with django_assert_num_queries(0):
        again = as_reader(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_claims_spreadsheet_is_streamed_fresh_but_answers_304(article):
    first = as_reader("/claims.csv")
    assert first.streaming
    assert "حجم الكارثة الإنسانية" in b"".join(first.streaming_content).decode()
    assert as_reader("/claims.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_etag_from_before_a_change_gets_the_new_page(article):
    url = article.get_absolute_url()
    etag = as_reader(url)["ETag"]
    make_annotation(article.paragraphs.get(position=1), "اجتماع في دمشق")
    response = as_reader(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "اجتماع في دمشق</mark>" in response.content.decode()


class Clock:
    """The page cache's idea of now, set by the test: a slow machine cannot move it."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


def test_last_modified_answers_if_modified_since_and_is_never_ambiguous(article, monkeypatch):
    url = article.get_absolute_url()
    clock = Clock()
    monkeypatch.setattr(page_cache, "time", clock)
    # Within the second of a change, Last-Modified could not tell it from a later one.
    clock.now = time.time()  # the change is made at this moment or later
    make_annotation(article.paragraphs.get(position=2), "في سوريا")
    assert not as_reader(url).has_header("Last-Modified")
    monkeypatch.undo()  # from here on, real time: the next change must come a second later
    time.sleep(1.1)
    modified = as_reader(url)["Last-Modified"]
    assert as_reader(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    make_annotation(article.paragraphs.get(position=1), "اجتماع في دمشق")
    assert as_reader(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_a_page_from_the_cache_carries_the_same_security_headers(article):
    url = article.get_absolute_url()
    built = as_reader(url)
    kept = as_reader(url)
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
        "Content-Language",
    ):
        assert kept[header] == built[header], header
    assert kept["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert not kept.cookies


def test_head_gets_the_headers_without_the_body(article):
    url = article.get_absolute_url()
    as_reader(url)
    response = Client().head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


def test_each_query_string_is_its_own_page(article):
    first = as_reader("/search/?q=بوتين").content.decode()
    second = as_reader("/search/?q=دمشق").content.decode()
    assert first != second
    assert as_reader("/search/?q=بوتين").content.decode() == first


def test_an_editor_gets_an_etag_and_304_but_never_a_stored_page(client, editor, article):
    url = article.get_absolute_url()
    client.force_login(editor)
    page = client.get(url)
    assert page["Cache-Control"] == "private, no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    # Another editor, or the same one after logging in again, gets another ETag.
    other = Client()
    other.force_login(editor)
    assert other.get(url, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200
    make_annotation(article.paragraphs.get(position=1), "اجتماع في دمشق")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=page["ETag"])
    assert fresh.status_code == 200
    assert "اجتماع في دمشق</mark>" in fresh.content.decode()


def test_a_bad_host_is_refused_not_cached(article):
    url = article.get_absolute_url()
    as_reader(url)
    assert Client(HTTP_HOST="elsewhere.example").get(url).status_code == 400


def test_pages_stay_up_when_the_cache_server_is_down(article, settings):
    # Nothing listens on port 9 (discard): every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    url = article.get_absolute_url()
    for _ in range(2):
        response = as_reader(url)
        assert response.status_code == 200
        assert "حجم الكارثة الإنسانية" in response.content.decode()


def test_after_a_deployment_pages_are_built_by_the_new_code(article, tmp_path, settings):
    from readingroom import freshness

    url = article.get_absolute_url()
    as_reader(url)
    assert served_from_cache(url)
    # A template of the new release (another size and time than the running one's).
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<!doctype html>")
    freshness.code_version.cache_clear()
    try:
        assert not served_from_cache(url)
        assert served_from_cache(url)
    finally:
        freshness.code_version.cache_clear()
