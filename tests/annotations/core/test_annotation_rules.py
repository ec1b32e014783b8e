"""Validation in one place: the rules every annotation obeys, whoever saves it."""

import pytest
from django.core.exceptions import ValidationError

from annotations.models import Annotation
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph():
    article = make_article(
        paragraphs=["قال 😀 المتحدث باسم منصة SY24 إن وزارة الدفاع الروسية ادعت أن المُؤتَمَر ناجح."]
    )
    return article.paragraphs.get()


def test_span_after_an_emoji_stores_code_point_offsets(paragraph):
    annotation = make_annotation(paragraph, "المتحدث", kind="actor", actor=make_actor("المتحدث"))

    assert (annotation.start, annotation.end) == (6, 13)
    assert paragraph.text[annotation.start : annotation.end] == annotation.exact == "المتحدث"
    assert annotation.prefix == "قال 😀 "


def test_span_inside_latin_text(paragraph):
    annotation = make_annotation(paragraph, "SY24", kind="source", specificity="media_relay")

    assert annotation.exact == "SY24"
    assert annotation.suffix.startswith(" إن وزارة")


def test_wrong_offsets_with_a_findable_quote_are_corrected(paragraph):
    from annotations.services import annotation_create

    annotation = annotation_create(
        paragraph=paragraph, user=None, start=0, end=7, exact="المتحدث", kind="claim"
    )

    assert (annotation.start, annotation.end) == (6, 13)


def test_a_quote_that_is_not_in_the_text_is_a_text_mismatch(paragraph):
    from annotations.services import annotation_create

    with pytest.raises(ValidationError) as error:
        annotation_create(
            paragraph=paragraph, user=None, start=0, end=3, exact="بوتين", kind="claim"
        )

    assert error.value.error_dict["exact"][0].code == "text_mismatch"
    assert Annotation.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "actor"}, "actor"),
        ({"kind": "source", "cue": "قال"}, "cue"),
        ({"kind": "claim", "specificity": "anonymous"}, "specificity"),
        ({"kind": "claim", "note": "ن" * 4001}, "note"),
    ],
)
def test_rules_per_kind(paragraph, fields, field):
    with pytest.raises(ValidationError) as error:
        make_annotation(paragraph, "المتحدث", **fields)

    assert field in error.value.error_dict
    assert Annotation.objects.count() == 0


def test_via_must_be_a_source_in_the_same_article(paragraph):
    claim_source = make_annotation(paragraph, "المتحدث", kind="claim")
    other_article_source = make_annotation(
        make_article().paragraphs.first(), "وزارة الدفاع الروسية", kind="source"
    )
    same_article_source = make_annotation(paragraph, "منصة SY24", kind="source")

    for bad in (claim_source, other_article_source):
        with pytest.raises(ValidationError) as error:
            make_annotation(paragraph, "المُؤتَمَر ناجح", kind="claim", via=bad)
        assert "via" in error.value.error_dict
    claim = make_annotation(paragraph, "المُؤتَمَر ناجح", kind="claim", via=same_article_source)
    assert claim.via == same_article_source


def test_via_only_on_claims(paragraph):
    source = make_annotation(paragraph, "منصة SY24", kind="source")

    with pytest.raises(ValidationError) as error:
        make_annotation(
            paragraph, "وزارة الدفاع الروسية", kind="actor", actor=make_actor(), via=source
        )

    assert "via" in error.value.error_dict


def test_arabic_tags_get_arabic_slugs(paragraph):
    annotation = make_annotation(
        paragraph, "المتحدث", kind="claim", tags=["اللاجئون", " مؤتمر  اللاجئين ", "اللاجئون"]
    )

    assert sorted(annotation.tags.values_list("name", "slug")) == [
        ("اللاجئون", "اللاجئون"),
        ("مؤتمر اللاجئين", "مؤتمر-اللاجئين"),
    ]


def test_a_changed_reimport_of_an_annotated_article_keeps_the_annotation(tmp_path):
    import io

    from django.core.management import call_command

    from archive.models import Article

    path = tmp_path / "annotated.txt"
    path.write_text("وقال بوتين إن روسيا تؤيد عقد المؤتمر.\nفقرة ثانية.", encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    paragraph = Article.objects.get().paragraphs.first()
    claim = make_annotation(paragraph, "روسيا تؤيد عقد المؤتمر", kind="claim")
    path.write_text("وقال بوتين إن روسيا تؤيد عقد المؤتمر الدولي.\nفقرة ثانية.", encoding="utf-8")

    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert Article.objects.get().paragraphs.first().text.endswith("المؤتمر الدولي.")
    claim.refresh_from_db()
    assert (claim.anchor_state, claim.exact) == ("anchored", "روسيا تؤيد عقد المؤتمر")
