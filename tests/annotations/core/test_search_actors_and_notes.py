"""Search finds actors by any of their names and annotations by their notes and tags."""

import pytest

from annotations.services import actor_add_alias, annotation_delete, annotation_update
from archive.models import Article
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_an_actor_is_found_by_an_alias_without_hamza(client):
    assad = make_actor("بشار الأسد", kind="person", aliases=["رأس النظام"])

    html = search(client, "راس النظام")

    assert assad.get_absolute_url() in html
    assert "<mark>رأس</mark> <mark>النظام</mark>" in html


def test_a_new_alias_is_found_at_once(client, editor):
    actor = make_actor("وزارة الدفاع الروسية")
    assert actor.get_absolute_url() not in search(client, "البنتاغون الروسي")

    actor_add_alias(actor, "البنتاغون الروسي")

    assert actor.get_absolute_url() in search(client, "البنتاغون الروسي")


def test_an_annotation_is_found_by_its_note_and_tags_as_they_change(client, editor):
    article = make_article()
    paragraph = article.paragraphs.get(position=2)
    claim = make_annotation(
        paragraph,
        "حجم الكارثة الإنسانية",
        note="يُقارن بتقارير الأمم المتحدة",
        tags=["الوضع الإنساني"],
    )
    link = f"{article.get_absolute_url()}#a-{claim.pk}"

    assert link in search(client, "تقارير الامم")
    assert link in search(client, "الانساني", **{"in": "annotations"})

    annotation_update(claim, user=editor, note="ملاحظة أخرى", tags=["إعادة الإعمار"])
    assert link not in search(client, "تقارير الامم")
    assert link in search(client, "اعادة الاعمار")

    annotation_delete(claim)
    assert link not in search(client, "اعادة الاعمار")


def test_notes_on_draft_articles_are_not_found_by_readers(client):
    draft = make_article(status=Article.Status.DRAFT)
    make_annotation(draft.paragraphs.get(position=2), "حجم الكارثة", note="ملاحظة سرية عن المسودة")

    assert "ملاحظة سرية" not in search(client, "سرية")


def test_hostile_names_and_notes_are_escaped(client):
    make_actor('<b onmouseover="alert(1)">الأسد</b>', kind="person")
    article = make_article()
    make_annotation(
        article.paragraphs.get(position=2),
        "بوتين",
        kind="actor",
        actor=make_actor("بوتين", kind="person"),
        note="<script>alert(2)</script> بوتين",
    )

    html = search(client, "الاسد بوتين أو الاسد")

    assert "<b onmouseover" not in html and "<script>alert(2)" not in html
    assert "&lt;b onmouseover" in html or "&lt;<bdi>b onmouseover" in html
