"""With QIRAA_CACHE_URL naming Redis or Memcached, every app server shares pages and versions.

Each test starts its own server (Debian's redis-server, memcached). Two app
servers are two cache clients of their own: what one stores the other serves,
and a write through one renews the page for the other.
"""

import pytest
from asgiref.local import Local
from django.core.cache import caches
from django.test import Client

from readingroom import page_cache
from readingroom.env import env_cache
from tests.cache.pages import served_from_cache, text_of
from tests.cache.servers import running
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["redis", "memcached"])
def cache_server(request, settings, monkeypatch):
    with running(request.param) as url:
        monkeypatch.setenv("QIRAA_CACHE_URL", url)
        settings.CACHES = {"default": env_cache("QIRAA_CACHE_URL", default_dir="", database={})}
        yield request.param


def another_app_server():
    """A fresh set of cache connections, as a second gunicorn worker or machine has."""
    caches.close_all()
    caches._connections = Local(caches.thread_critical)
    page_cache.recent.clear()


def test_a_page_stored_by_one_app_server_is_served_by_another(cache_server):
    article = make_article()
    url = article.get_absolute_url()
    page = text_of(url)
    another_app_server()
    assert served_from_cache(url)
    assert text_of(url) == page


def test_a_write_on_one_app_server_renews_the_page_on_another(cache_server):
    article = make_article()
    url = article.get_absolute_url()
    text_of(url)
    another_app_server()
    make_annotation(article.paragraphs.get(position=2), "حجم الكارثة الإنسانية")
    another_app_server()
    assert not served_from_cache(url)
    assert "حجم الكارثة الإنسانية</mark>" in text_of(url)
    assert served_from_cache(url)


def test_conditional_requests_and_gzip_work_through_the_server(cache_server):
    article = make_article()
    url = article.get_absolute_url()
    etag = Client().get(url)["ETag"]
    another_app_server()
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert Client().get(url, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"


def test_a_server_restarted_empty_costs_a_rebuild_never_a_stale_page(settings, monkeypatch):
    article = make_article()
    url = article.get_absolute_url()
    with running("redis") as url_of_server:
        monkeypatch.setenv("QIRAA_CACHE_URL", url_of_server)
        settings.CACHES = {"default": env_cache("QIRAA_CACHE_URL", default_dir="", database={})}
        text_of(url)
        assert served_from_cache(url)
    make_annotation(article.paragraphs.get(position=2), "حجم الكارثة الإنسانية")
    with running("redis") as url_of_server:
        monkeypatch.setenv("QIRAA_CACHE_URL", url_of_server)
        settings.CACHES = {"default": env_cache("QIRAA_CACHE_URL", default_dir="", database={})}
        assert "حجم الكارثة الإنسانية</mark>" in text_of(url)
