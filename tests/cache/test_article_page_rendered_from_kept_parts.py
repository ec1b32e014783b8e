"""A reader's article page, rendered with the page cache off, is the kept article in a fresh frame.

With stored pages off (QIRAA_PAGE_CACHE=false) every request renders its page; for a
reader who is not logged in the article's own parts (header, paragraphs, highlights,
cards, schema.org data) are kept once per version and put into base.html rendered for
that request. The page is the same, byte for byte, as rendered whole; a write shows on
the next request; a draft, a new slug or an unpublished article is never answered from
what was kept; editors always get their own page.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive import reading_parts
from archive.models import Article
from readingroom import freshness
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

CLAIM_TEXT = "قالت وزارة الدفاع الروسية إن الطريق إلى حلب آمن للعائدين."
EDITOR_ONLY = 'id="editor-data"'


@pytest.fixture(autouse=True)
def _pages_not_stored(settings):
    settings.QIRAA_PAGE_CACHE = False


def read(url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, **extra)
    return response, len(queries)


@pytest.fixture
def article():
    article = make_article(
        title="بوتين والأسد يبحثان عودة اللاجئين",
        paragraphs=[CLAIM_TEXT, "وأضافت أن مراكز الإيواء جاهزة في حمص."],
    )
    speaker = make_actor("وزارة الدفاع الروسية")
    make_annotation(article.paragraphs.get(position=1), "الطريق إلى حلب آمن", actor=speaker)
    return article


def test_a_second_reader_gets_the_article_from_its_kept_parts_without_a_query(article):
    url = article.get_absolute_url()
    first, built_with = read(url)
    again, queries = read(url)
    assert first.status_code == again.status_code == 200
    assert built_with > 0
    assert queries == 0
    assert again.content == first.content
    assert "الطريق إلى حلب آمن" in again.content.decode()
    assert "Content-Security-Policy" in again and "Permissions-Policy" in again


def test_the_page_from_kept_parts_is_the_page_rendered_whole(article, monkeypatch):
    url = article.get_absolute_url() + "?from=home"
    kept, _ = read(url)
    kept_again, _ = read(url)
    monkeypatch.setattr(reading_parts, "page_blocks", lambda request, context: None)
    whole, _ = read(url)
    assert whole.content == kept.content == kept_again.content
    # The frame is this request's own: the login link returns to this very address.
    assert "?next=" in kept.content.decode()
    assert "from%3Dhome" in kept.content.decode()


def test_each_reader_gets_a_login_link_back_to_their_own_address(article):
    url = article.get_absolute_url()
    read(url)
    one, _ = read(url + "?p=1")
    two, _ = read(url + "?p=2")
    assert "p%3D1" in one.content.decode() and "p%3D2" not in one.content.decode()
    assert "p%3D2" in two.content.decode()


def test_a_new_annotation_shows_on_the_next_request(article):
    url = article.get_absolute_url()
    read(url)
    make_annotation(
        article.paragraphs.get(position=2), "مراكز الإيواء جاهزة", actor=make_actor("محافظ حمص")
    )
    response, queries = read(url)
    assert queries > 0
    assert "محافظ حمص" in response.content.decode()


def test_a_corrected_paragraph_shows_on_the_next_request(article):
    url = article.get_absolute_url()
    read(url)
    paragraph = article.paragraphs.get(position=2)
    paragraph.text = "وأضافت أن مراكز الإيواء جاهزة في حمص وحماة."
    paragraph.save()
    assert "في حمص وحماة" in read(url)[0].content.decode()


def test_an_unpublished_article_is_not_found_though_its_parts_were_kept(article):
    url = article.get_absolute_url()
    assert read(url)[0].status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert read(url)[0].status_code == 404


def test_a_renamed_article_sends_readers_of_the_old_address_to_the_new_one(article):
    old = article.get_absolute_url()
    read(old)
    article.slug = "عودة-اللاجئين-إلى-حلب"
    article.save()
    response, _ = read(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert read(article.get_absolute_url())[0].status_code == 200


def test_editors_get_their_own_page_before_and_after_readers(article, editor):
    url = article.get_absolute_url()
    editor_client = Client()
    editor_client.force_login(editor)
    assert EDITOR_ONLY in editor_client.get(url).content.decode()
    assert EDITOR_ONLY not in read(url)[0].content.decode()
    assert EDITOR_ONLY not in read(url)[0].content.decode()
    assert EDITOR_ONLY in editor_client.get(url).content.decode()


def test_a_draft_opened_by_an_editor_is_not_found_for_readers(editor):
    draft = make_article(title="مسودة: قافلة إلى دير الزور", status=Article.Status.DRAFT)
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    assert read(draft.get_absolute_url())[0].status_code == 404


def test_a_page_that_gains_a_block_is_rendered_whole_rather_than_lose_it(article, monkeypatch):
    monkeypatch.setattr(reading_parts, "KEPT_BLOCKS", frozenset({"title", "content"}))
    url = article.get_absolute_url()
    first, _ = read(url)
    again, queries = read(url)
    assert queries > 0
    assert again.content == first.content
    assert 'src="/static/js/reading.js"' in again.content.decode()


def test_a_damaged_version_file_is_replaced_by_a_new_version(article):
    """A version file found empty (damaged from outside) is never taken for the old version."""
    store = freshness._store()
    if not isinstance(store, freshness._VersionFiles):
        pytest.skip("versions are kept in a cache server, not in files")
    scope = f"article:{article.slug}"
    path = store._path(freshness._key(scope))
    before = freshness.versions([scope])[scope]
    with open(path, "w"):
        pass
    now = freshness.versions([scope])[scope]
    assert now and now != before
    # and the new version is kept, so pages on this scope are kept again
    assert freshness.versions([scope])[scope] == now
