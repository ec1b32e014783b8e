"""PUT and DELETE /api/annotations/<id>/: an editor corrects or removes their annotation."""

from urllib.parse import quote

import pytest

from annotations.models import Annotation
from tests.annotations.api import annotation_body, send, version
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph():
    return make_article(
        paragraphs=["وزعم المسؤول الروسي أن انعقاد المؤتمر هو العنصر الأول."]
    ).paragraphs.get()


def test_editor_changes_span_kind_actor_and_tags(client, editor, paragraph):
    annotation = make_annotation(paragraph, "انعقاد المؤتمر", user=editor, tags=["قديم"])
    official = make_actor("ميخائيل ميزينتسيف", kind="person", aliases=["المسؤول الروسي"])
    client.force_login(editor)

    response = send(
        client,
        "put",
        f"/api/annotations/{annotation.pk}/",
        annotation_body(
            paragraph,
            "انعقاد المؤتمر هو العنصر الأول",
            actor=official,
            cue="وزعم",
            tags=["مؤتمر اللاجئين"],
            modified=version(annotation),
        ),
    )

    assert response.status_code == 200, response.json()
    annotation.refresh_from_db()
    assert annotation.exact == "انعقاد المؤتمر هو العنصر الأول"
    assert (annotation.actor, annotation.cue) == (official, "وزعم")
    assert list(annotation.tags.names()) == ["مؤتمر اللاجئين"]


def test_an_invalid_change_is_refused_and_the_annotation_is_unchanged(client, editor, paragraph):
    annotation = make_annotation(paragraph, "انعقاد المؤتمر", user=editor)
    client.force_login(editor)

    response = send(
        client,
        "put",
        f"/api/annotations/{annotation.pk}/",
        annotation_body(paragraph, "وزعم", start=0, end=500, modified=version(annotation)),
    )

    assert response.status_code == 400
    annotation.refresh_from_db()
    assert annotation.exact == "انعقاد المؤتمر"


def test_delete(client, editor, paragraph):
    annotation = make_annotation(paragraph, "انعقاد المؤتمر", user=editor)
    client.force_login(editor)

    url = f"/api/annotations/{annotation.pk}/?modified={quote(version(annotation))}"
    assert client.delete(url).status_code == 200
    assert client.get(f"/api/annotations/{annotation.pk}/").status_code == 404
    assert not Annotation.objects.exists()


def test_missing_annotation_is_404_json(client, editor):
    client.force_login(editor)

    response = client.delete("/api/annotations/999999/")

    assert response.status_code == 404


def test_actor_lookup_by_any_alias_forgiving_hamza_and_harakat(client):
    make_actor("بشار الأسد", kind="person", aliases=["رأس النظام", "رأس السلطة", "الأسد"])
    make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])

    names = lambda q: [a["name"] for a in client.get("/api/actors/", {"q": q}).json()["results"]]  # noqa: E731

    assert names("راس النظام") == ["بشار الأسد"]
    assert names("الاسد") == ["بشار الأسد"]
    assert names("بوتِين") == ["فلاديمير بوتين"]
    assert names("لا أحد") == []


def test_editor_creates_an_actor_on_the_spot(client, editor):
    client.force_login(editor)

    response = send(
        client,
        "post",
        "/api/actors/",
        {"name": "فاسيلي نيبينزيا", "kind": "person", "aliases": ["نيبينزيا"]},
    )

    assert response.status_code == 201
    assert sorted(response.json()["aliases"]) == ["فاسيلي نيبينزيا", "نيبينزيا"]
    assert send(client, "post", "/api/actors/", {"name": "x", "kind": "wizard"}).status_code == 400
