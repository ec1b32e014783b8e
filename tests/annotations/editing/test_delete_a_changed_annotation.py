"""An editor deletes an annotation that someone changed since they loaded it: refused (409), kept.

A DELETE carries, as ?modified=, the annotation's `modified` as the deleter
loaded it, as a PUT does in its body. See docs/api.md (DELETE).
"""

from urllib.parse import quote

import pytest

from annotations.models import Annotation
from tests.annotations.api import annotation_body, client_for, send, version
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db

TEXT = "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا."
QUOTE = "حجم الكارثة الإنسانية"


@pytest.fixture
def annotation(editor):
    paragraph = make_article(paragraphs=[TEXT]).paragraphs.get()
    return make_annotation(paragraph, QUOTE, user=editor, note="الملاحظة الأولى")


def delete(client, annotation, modified=None):
    url = f"/api/annotations/{annotation.pk}/"
    if modified is not None:
        url += f"?modified={quote(modified)}"
    return client.delete(url)


def test_deleting_the_version_one_loaded_deletes_it(annotation, editor):
    response = delete(client_for(editor), annotation, version(annotation))

    assert response.status_code == 200
    assert not Annotation.objects.filter(pk=annotation.pk).exists()


def test_deleting_a_version_someone_has_changed_since_is_refused(annotation, editor, curator):
    loaded = version(annotation)
    curators = client_for(curator)
    body = annotation_body(annotation.paragraph, QUOTE, note="صححها المشرف", modified=loaded)
    assert send(curators, "put", f"/api/annotations/{annotation.pk}/", body).status_code == 200

    response = delete(client_for(editor), annotation, loaded)

    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "stale" and f"«{curator.username}»" in error["error"]
    assert error["modified"] == version(annotation)  # the version to reload
    assert Annotation.objects.get(pk=annotation.pk).note == "صححها المشرف"


def test_a_delete_without_modified_is_refused_with_428(annotation, editor):
    response = delete(client_for(editor), annotation)

    assert response.status_code == 428
    assert response.json()["fields"] == {"modified": ["required"]}
    assert Annotation.objects.filter(pk=annotation.pk).exists()


def test_a_modified_that_is_not_a_time_is_400(annotation, editor):
    response = delete(client_for(editor), annotation, "yesterday")

    assert response.status_code == 400
    assert Annotation.objects.filter(pk=annotation.pk).exists()
