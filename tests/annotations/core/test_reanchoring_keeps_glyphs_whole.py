"""When a correction leaves an annotation's edge inside a glyph (a tatweel removed makes «لـا»
a lam-alef, harakat added after its last letter), re-anchoring widens it to the glyph's
edges and says it moved: no stored span ever cuts what the reader sees as one character."""

import pytest

from annotations.anchoring import span_problems
from annotations.models import Annotation
from archive.paragraphs import replace_paragraphs
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db


def corrected(annotation, old, new):
    """The annotation after its article's only paragraph changes from `old` to `new`."""
    replace_paragraphs(annotation.paragraph.article, [new])
    annotation = Annotation.objects.select_related("paragraph").get(pk=annotation.pk)
    text = annotation.paragraph.text
    assert text[annotation.start : annotation.end] == annotation.exact
    assert span_problems(text, annotation.start, annotation.end) == []
    return annotation


def test_a_tatweel_removed_after_the_last_lam_takes_the_alef_in():
    old = "وقال المتحدث إن الوفد لـاحق المسؤولين"
    claim = make_annotation(make_article(paragraphs=[old]).paragraphs.get(), "إن الوفد ل")

    claim = corrected(claim, old, old.replace("لـاحق", "لاحق"))

    assert (claim.exact, claim.anchor_state) == ("إن الوفد لا", "moved")


def test_harakat_added_after_the_last_letter_come_into_the_quote():
    old = "وصل الوفد إلى دمشق صباحا"
    claim = make_annotation(make_article(paragraphs=[old]).paragraphs.get(), "وصل الوفد")

    claim = corrected(claim, old, old.replace("الوفد", "الوفدُ"))

    assert (claim.exact, claim.anchor_state) == ("وصل الوفدُ", "moved")


def test_an_old_span_cutting_a_lam_alef_is_made_whole_at_the_next_correction():
    old = "عقد في دمشق مؤتمر اللاجئين السوريين"
    paragraph = make_article(paragraphs=[old]).paragraphs.get()
    start, end = old.index("مؤتمر"), old.index("اللاجئين") + 3
    legacy = Annotation.objects.create(  # stored before the rule, as the table may hold it
        paragraph=paragraph, kind="claim", start=start, end=end, exact=old[start:end]
    )

    claim = corrected(legacy, old, old.replace("عقد في", "عُقد في"))

    assert (claim.exact, claim.anchor_state) == ("مؤتمر اللا", "moved")


def test_a_quote_found_whole_stays_anchored():
    old = "عقد في دمشق مؤتمر اللاجئين السوريين"
    claim = make_annotation(make_article(paragraphs=[old]).paragraphs.get(), "مؤتمر اللاجئين")

    claim = corrected(claim, old, "وبعد أسبوع " + old)

    assert (claim.exact, claim.anchor_state) == ("مؤتمر اللاجئين", "anchored")
