"""Asking for pages as a reader with no cookies, and telling a cached answer from a built one."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def as_reader(url, **headers):
    """A first-time reader: no cookies, so the page may come from the cache."""
    return Client(**headers).get(url)


def served_from_cache(url) -> bool:
    """The page came from the cache: building it reads the database, a cached copy does not.

    A page that is no longer there (404) was not served from the cache either.
    """
    with CaptureQueriesContext(connection) as queries:
        response = as_reader(url)
    return response.status_code == 200 and len(queries) == 0


def text_of(url) -> str:
    response = as_reader(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()
