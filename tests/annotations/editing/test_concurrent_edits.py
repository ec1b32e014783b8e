"""Two people change one annotation: the second save, made to an old version, is refused (409).

A PUT carries the annotation's `modified` as the writer loaded it; the server
saves only if that is still the stored one. See docs/api.md (PUT).
"""

import pytest

from annotations.models import Annotation
from tests.annotations.api import annotation_body, client_for, send
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db

TEXT = "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا."
QUOTE = "حجم الكارثة الإنسانية"


@pytest.fixture
def annotation(editor):
    paragraph = make_article(paragraphs=[TEXT]).paragraphs.get()
    return make_annotation(paragraph, QUOTE, user=editor, note="الملاحظة الأولى")


def load(client, annotation) -> dict:
    response = client.get(f"/api/annotations/{annotation.pk}/")
    assert response.status_code == 200
    return response.json()


def change(client, annotation, note, modified):
    body = annotation_body(annotation.paragraph, QUOTE, note=note, modified=modified)
    return send(client, "put", f"/api/annotations/{annotation.pk}/", body)


def test_the_second_save_of_a_stale_version_is_refused_with_409(annotation, editor, curator):
    """The curator and the editor load the annotation; the curator saves first; the editor's
    save, made to the version they loaded, is refused and the curator's change stays."""
    editors_client, curators_client = client_for(editor), client_for(curator)
    editors_copy = load(editors_client, annotation)
    curators_copy = load(curators_client, annotation)

    first = change(curators_client, annotation, "ملاحظة المشرف", curators_copy["modified"])
    second = change(editors_client, annotation, "ملاحظة المحرر", editors_copy["modified"])

    assert first.status_code == 200
    assert second.status_code == 409
    error = second.json()
    assert error["code"] == "stale"
    assert "بعد أن فتحتَه" in error["error"] and f"«{curator.username}»" in error["error"]
    assert error["modified"] == first.json()["modified"]
    assert Annotation.objects.get().note == "ملاحظة المشرف"


def test_after_loading_again_the_change_saves(annotation, editor, curator):
    editors_client, curators_client = client_for(editor), client_for(curator)
    stale = load(editors_client, annotation)["modified"]
    change(
        curators_client, annotation, "ملاحظة المشرف", load(curators_client, annotation)["modified"]
    )
    assert change(editors_client, annotation, "ملاحظة المحرر", stale).status_code == 409

    fresh = load(editors_client, annotation)["modified"]
    response = change(editors_client, annotation, "ملاحظة المحرر", fresh)

    assert response.status_code == 200
    assert Annotation.objects.get().note == "ملاحظة المحرر"


def test_one_writer_saves_twice_with_the_version_each_save_returns(annotation, editor):
    client = client_for(editor)
    first = change(client, annotation, "الثانية", load(client, annotation)["modified"])
    second = change(client, annotation, "الثالثة", first.json()["modified"])

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["modified"] != second.json()["modified"]
    assert Annotation.objects.get().note == "الثالثة"


def test_any_iso_spelling_of_the_same_instant_is_the_same_version(annotation, editor):
    client = client_for(editor)
    modified = load(client, annotation)["modified"].replace("+00:00", "Z")

    assert change(client, annotation, "بصيغة أخرى", modified).status_code == 200


def test_a_change_without_modified_is_refused_with_428(annotation, editor):
    """A client that does not say which version it changes could overwrite someone unseen."""
    response = change(client_for(editor), annotation, "بلا نسخة", None)

    assert response.status_code == 428
    assert response.json()["code"] == "modified_required"
    assert "modified" in response.json()["error"]
    assert Annotation.objects.get().note == "الملاحظة الأولى"


@pytest.mark.parametrize(
    "modified", ["أمس", "2024-02-30T10:00:00+00:00", "2024-07-26T10:00:00", 17]
)
def test_a_modified_that_is_not_a_time_with_offset_is_400(annotation, editor, modified):
    response = change(client_for(editor), annotation, "خطأ", modified)

    assert response.status_code == 400
    assert "modified" in response.json()["fields"]
    assert Annotation.objects.get().note == "الملاحظة الأولى"
