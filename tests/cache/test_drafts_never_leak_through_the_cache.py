"""What an editor sees never reaches a reader through the cache, and the reverse."""

import pytest
from django.test import Client

from archive.models import Article
from tests.cache.pages import as_reader, served_from_cache, text_of
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

EDITOR_ONLY = 'src="/static/js/editor.js"'


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_a_draft_an_editor_opened_is_still_not_found_for_readers(editor_client):
    draft = make_article(title="مسودة: وفد روسي في حلب", status=Article.Status.DRAFT)
    url = draft.get_absolute_url()
    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url).status_code == 200

    assert as_reader(url).status_code == 404
    assert "مسودة: وفد روسي في حلب" not in text_of("/")
    assert "مسودة: وفد روسي في حلب" not in text_of("/search/?q=حلب")


def test_a_drafts_claims_seen_by_an_editor_stay_off_the_readers_lists(editor_client):
    draft = make_article(paragraphs=["وزعم مصدر عسكري أن القافلة وصلت حلب."], status="draft")
    speaker = make_actor("مصدر عسكري", kind="person")
    make_annotation(draft.paragraphs.get(), "القافلة وصلت حلب", actor=speaker)
    seen = {"/claims/": "القافلة وصلت حلب", "/api/claims/": "القافلة وصلت حلب"}
    seen["/actors/"] = "مصدر عسكري"
    for url, words in seen.items():
        assert words in editor_client.get(url).content.decode(), url
        assert words not in text_of(url), url
        assert words not in text_of(url), url  # nor from the cache


def test_an_editors_page_is_never_given_to_a_reader(editor_client):
    article = make_article()
    url = article.get_absolute_url()
    editors_page = editor_client.get(url).content.decode()
    assert EDITOR_ONLY in editors_page
    assert "csrfmiddlewaretoken" in editors_page

    readers_page = text_of(url)
    assert EDITOR_ONLY not in readers_page
    assert "csrfmiddlewaretoken" not in readers_page
    assert "muharrir" not in readers_page


def test_a_cached_readers_page_is_never_given_to_an_editor(editor_client):
    article = make_article()
    url = article.get_absolute_url()
    text_of(url)
    assert served_from_cache(url)

    assert EDITOR_ONLY in editor_client.get(url).content.decode()
    assert EDITOR_ONLY in editor_client.get(url, HTTP_ACCEPT_ENCODING="gzip").content.decode()


def test_a_logged_in_reader_without_rights_gets_a_page_built_for_them(reader):
    article = make_article()
    url = article.get_absolute_url()
    text_of(url)
    client = Client()
    client.force_login(reader)
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-cache"
    assert "خروج" in response.content.decode()  # their own header, with the logout button


def test_a_reader_with_a_message_waiting_gets_it_not_a_cached_page():
    article = make_article()
    url = article.get_absolute_url()
    text_of(url)
    client = Client()
    client.cookies["messages"] = "anything"
    response = client.get(url)
    assert response.status_code == 200
    assert not served_from_cache_with(client, url)


def served_from_cache_with(client, url) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0
