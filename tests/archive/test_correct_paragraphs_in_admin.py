"""A curator corrects paragraphs in the article's admin page; annotations follow their words."""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from annotations.models import Annotation
from archive.models import Article
from archive.paragraph_admin import EMPTY_NEEDS_CONFIRMATION, ParagraphInline
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db

P1 = "أعلنت وزارة الدفاع الروسية عن اجتماع في دمشق."
P2 = "وقال بوتين إن حجم الكارثه الإنسانية في سوريا لا يزال كبيرا."
P3 = "وزعم المسؤول الروسي أن اللاجئين سيعودون قريبا."


@pytest.fixture
def article():
    return make_article(paragraphs=[P1, P2, P3])


def formset_for(article, user, rows, *, new=()):
    """The inline formset as the admin builds it, filled with `rows` for existing paragraphs."""
    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    paragraphs = list(article.paragraphs.order_by("position"))
    data = {
        "paragraphs-TOTAL_FORMS": str(len(paragraphs) + len(new)),
        "paragraphs-INITIAL_FORMS": str(len(paragraphs)),
        "paragraphs-MIN_NUM_FORMS": "0",
        "paragraphs-MAX_NUM_FORMS": "1000",
    }
    for i, paragraph in enumerate(paragraphs):
        row = rows.get(paragraph.position, {})
        data[f"paragraphs-{i}-id"] = str(paragraph.pk)
        data[f"paragraphs-{i}-article"] = str(article.pk)
        data[f"paragraphs-{i}-text"] = row.get("text", paragraph.text)
        if row.get("confirm"):
            data[f"paragraphs-{i}-confirm_delete"] = "on"
        if row.get("delete"):
            data[f"paragraphs-{i}-DELETE"] = "on"
    for j, text in enumerate(new, start=len(paragraphs)):
        data[f"paragraphs-{j}-article"] = str(article.pk)
        data[f"paragraphs-{j}-text"] = text
    inline = ParagraphInline(Article, admin.site)
    FormSet = inline.get_formset(request, article)
    return FormSet(data, instance=article, prefix="paragraphs"), request


@pytest.fixture
def curator_user(admin_user):
    return admin_user


def test_a_fixed_typo_in_the_admin_moves_the_annotation_to_the_corrected_words(
    article, curator_user
):
    claim = make_annotation(article.paragraphs.get(position=2), "حجم الكارثه الإنسانية")
    formset, request = formset_for(
        article, curator_user, {2: {"text": P2.replace("الكارثه", "الكارثة")}}
    )

    assert formset.is_valid(), formset.errors
    formset.save()

    claim.refresh_from_db()
    assert (claim.anchor_state, claim.exact) == ("moved", "حجم الكارثة الإنسانية")
    assert "أعيد تثبيت" in " ".join(str(m) for m in request._messages)


def test_emptying_a_paragraph_asks_for_confirmation_first(article, curator_user):
    claim = make_annotation(article.paragraphs.get(position=3), "اللاجئين سيعودون")
    formset, _ = formset_for(article, curator_user, {3: {"text": ""}})

    assert not formset.is_valid()
    assert EMPTY_NEEDS_CONFIRMATION in str(formset.errors)
    assert article.paragraphs.count() == 3
    claim.refresh_from_db()
    assert claim.anchor_state == "anchored"


def test_a_confirmed_empty_paragraph_is_deleted_and_its_annotations_orphaned(article, curator_user):
    claim = make_annotation(article.paragraphs.get(position=3), "اللاجئين سيعودون")
    formset, request = formset_for(article, curator_user, {3: {"text": "", "confirm": True}})

    assert formset.is_valid(), formset.errors
    formset.save()

    assert list(article.paragraphs.values_list("position", flat=True)) == [1, 2]
    claim = Annotation.objects.get(pk=claim.pk)
    assert claim.anchor_state == "orphaned" and claim.exact == "اللاجئين سيعودون"
    assert "يتيم: 1" in " ".join(str(m) for m in request._messages)


def test_a_deleted_paragraph_whose_words_moved_elsewhere_takes_its_annotations_along(
    article, curator_user
):
    # The curator merges paragraph 3 into 2 by hand: appends its text, deletes it.
    claim = make_annotation(article.paragraphs.get(position=3), "اللاجئين سيعودون قريبا")
    formset, _ = formset_for(
        article, curator_user, {2: {"text": P2 + " " + P3}, 3: {"delete": True}}
    )

    assert formset.is_valid(), formset.errors
    formset.save()

    claim.refresh_from_db()
    assert (claim.paragraph.position, claim.anchor_state) == (2, "anchored")
    assert claim.paragraph.text[claim.start : claim.end] == claim.exact


def test_the_last_paragraph_cannot_be_removed(curator_user):
    article = make_article(paragraphs=[P1])
    formset, _ = formset_for(article, curator_user, {1: {"text": "", "confirm": True}})

    assert not formset.is_valid()
    assert "فقرة واحدة على الأقل" in str(formset.non_form_errors())


def test_a_new_paragraph_goes_after_the_last(article, curator_user):
    formset, _ = formset_for(article, curator_user, {}, new=["فقرة جديدة أضافها المحرر."])

    assert formset.is_valid(), formset.errors
    formset.save()

    assert article.paragraphs.order_by("position").last().text == "فقرة جديدة أضافها المحرر."
    assert list(article.paragraphs.values_list("position", flat=True)) == [1, 2, 3, 4]
