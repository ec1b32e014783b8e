"""Who may write: readers read; editors annotate and change their own work; curators change any."""

from urllib.parse import quote

import pytest

from annotations.models import Actor, Annotation
from tests.annotations.api import annotation_body, send, version
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph():
    return make_article(
        paragraphs=["وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا."]
    ).paragraphs.get()


@pytest.fixture
def editors_annotation(paragraph, editor):
    return make_annotation(paragraph, "حجم الكارثة الإنسانية", user=editor)


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_readers_cannot_create_change_or_delete(
    client, request, who, paragraph, editors_annotation
):
    if who == "reader":
        client.force_login(request.getfixturevalue("reader"))
    url = f"/api/annotations/{editors_annotation.pk}/"

    created = send(client, "post", "/api/annotations/", annotation_body(paragraph, "بوتين"))
    changed = send(
        client,
        "put",
        url,
        annotation_body(paragraph, "سوريا", modified=version(editors_annotation)),
    )
    deleted = client.delete(url)
    actor = send(client, "post", "/api/actors/", {"name": "بوتين"})

    assert [r.status_code for r in (created, changed, deleted, actor)] == [403, 403, 403, 403]
    assert all("error" in r.json() for r in (created, changed, deleted, actor))
    assert Annotation.objects.get().exact == "حجم الكارثة الإنسانية"
    assert not Actor.objects.filter(name="بوتين").exists()


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_everyone_can_read_published_annotations(
    client, request, who, paragraph, editors_annotation
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    one = client.get(f"/api/annotations/{editors_annotation.pk}/")
    collection = client.get(f"/api/articles/{paragraph.article.slug}/annotations/")

    assert one.status_code == 200 and one.json()["type"] == "Annotation"
    assert collection.json()["total"] == 1


def test_another_editor_cannot_change_or_delete_my_annotation(
    client, other_editor, paragraph, editors_annotation
):
    client.force_login(other_editor)
    url = f"/api/annotations/{editors_annotation.pk}/"

    assert (
        send(
            client,
            "put",
            url,
            annotation_body(paragraph, "سوريا", modified=version(editors_annotation)),
        ).status_code
        == 403
    )
    assert client.delete(url).status_code == 403
    assert Annotation.objects.get().exact == "حجم الكارثة الإنسانية"


def test_a_curator_can_change_and_delete_any_annotation(
    client, curator, paragraph, editors_annotation
):
    client.force_login(curator)
    url = f"/api/annotations/{editors_annotation.pk}/"

    changed = send(
        client,
        "put",
        url,
        annotation_body(paragraph, "سوريا", modified=version(editors_annotation)),
    )
    assert changed.status_code == 200
    assert Annotation.objects.get().exact == "سوريا"
    assert Annotation.objects.get().updated_by == curator
    assert client.delete(f"{url}?modified={quote(version(editors_annotation))}").status_code == 200
    assert not Annotation.objects.exists()


def test_draft_articles_annotations_are_404_for_readers(client, editor):
    draft = make_article(status="draft", paragraphs=["قال المتحدث إن الوفد وصل."])
    annotation = make_annotation(draft.paragraphs.get(), "الوفد وصل", user=editor)

    assert client.get(f"/api/annotations/{annotation.pk}/").status_code == 404
    assert client.get(f"/api/articles/{draft.slug}/annotations/").status_code == 404


def test_login_page_is_arabic_and_right_to_left(client):
    html = client.get("/accounts/login/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html and "دخول المحررين" in html
