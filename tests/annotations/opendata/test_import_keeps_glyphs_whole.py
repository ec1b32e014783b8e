"""A file whose span cuts a lam-alef, harakat or a flag (made before the rule, or elsewhere)
imports with that glyph whole, as the reading page showed it, and the report counts it:
the file is not refused for one letter."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from annotations.anchoring import span_problems
from annotations.models import Annotation
from tests.annotations.opendata.test_import_annotations import export, run_import
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db

TEXT = "عقد في دمشق مؤتمر اللاجئين، وقالوا لَا عودة، ورفعوا 🇸🇾 في حمص."


@pytest.fixture
def exported():
    paragraph = make_article(paragraphs=[TEXT]).paragraphs.get()
    make_annotation(paragraph, "مؤتمر اللاجئين")
    document = export()
    Annotation.objects.all().delete()
    return document


def cut(document, start, end, *, quote=True):
    """Give the file's only annotation the offsets [start, end), and its quote unless told not to."""
    item = document["first"]["items"][0]
    selectors = item["target"]["selector"]
    if quote:
        selectors[0].update(
            exact=TEXT[start:end], prefix=TEXT[:start][-32:], suffix=TEXT[end:][:32]
        )
    else:
        selectors[:] = [s for s in selectors if s["type"] == "TextPositionSelector"]
    selectors[-1].update(start=start, end=end)
    return document


@pytest.mark.parametrize(
    ("start_at", "end_at", "whole"),
    [
        (("مؤتمر", 0), ("اللاجئين", 3), "مؤتمر اللا"),  # «مؤتمر الل|اجئين»
        (("لَا", 1), ("عودة", 4), "لَا عودة"),  # from the fatha
        (("🇸🇾", 1), ("حمص", 3), "🇸🇾 في حمص"),  # half a flag
    ],
)
@pytest.mark.parametrize("quote", [True, False], ids=["quote-and-position", "position-only"])
def test_a_span_cutting_a_glyph_imports_whole_and_is_counted(
    tmp_path, exported, start_at, end_at, whole, quote
):
    start = TEXT.index(start_at[0]) + start_at[1]
    end = TEXT.index(end_at[0]) + end_at[1]

    report = run_import(tmp_path, cut(exported, start, end, quote=quote))

    assert "created 1" in report and "widened to whole letters 1" in report
    annotation = Annotation.objects.get()
    assert annotation.exact == whole
    assert TEXT[annotation.start : annotation.end] == whole
    assert span_problems(TEXT, annotation.start, annotation.end) == []


def test_a_whole_span_is_not_counted_and_the_export_imports_again_unchanged(tmp_path, exported):
    report = run_import(tmp_path, exported)

    assert "created 1" in report and "widened" not in report
    again = run_import(tmp_path, export())
    assert "created 0, updated 0, skipped 1" in again


def test_the_seed_annotations_cut_no_glyph():
    out = io.StringIO()
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=out)

    assert "annotations created 81" in out.getvalue() and "widened" not in out.getvalue()
    for annotation in Annotation.objects.select_related("paragraph"):
        text = annotation.paragraph.text
        assert span_problems(text, annotation.start, annotation.end) == [], annotation.exact


def test_the_admin_upload_says_how_many_spans_it_widened(admin_client, exported):
    """A curator uploading such a file reads that one span was widened to whole letters."""
    start, end = TEXT.index("مؤتمر"), TEXT.index("اللاجئين") + 3
    raw = json.dumps(cut(exported, start, end), ensure_ascii=False).encode()
    response = admin_client.post(
        "/admin/annotations/annotation/import/",
        {"file": SimpleUploadedFile("cut.jsonld", raw, "application/ld+json")},
        follow=True,
    )

    assert "ووُسّع 1 إلى حروف كاملة" in response.content.decode()
    assert Annotation.objects.get().exact == "مؤتمر اللا"
