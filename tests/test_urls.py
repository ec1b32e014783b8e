"""Arabic slugs resolve; anything a slug cannot hold is a plain 404, and a NUL a 400."""

import pytest

from tests.factories import make_actor, make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/articles/%00/",
        "/actors/%00/",
        "/tags/%00/",
        "/articles/a%00b/",
        "/api/articles/%00/annotations/",
    ],
)
def test_a_nul_byte_in_a_slug_is_refused_before_any_lookup(client, path):
    # readingroom.hostile_input refuses it before the URL is even resolved.
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    "path", ["/articles/a!b/", "/actors/%20/", "/tags/%D8%A7%3F/", "/api/articles/x.y/"]
)
def test_a_character_no_slug_holds_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_arabic_slugs_still_resolve(client):
    article = make_article(title="بوتين والأسد")
    actor = make_actor("وزارة الدفاع الروسية")

    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(actor.get_absolute_url()).status_code == 200
