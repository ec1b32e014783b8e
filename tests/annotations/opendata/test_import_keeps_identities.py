"""Importing a file never merges, drops or overwrites an annotation of another identity:
an id in a file names an annotation, never a local row number."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from annotations.models import Annotation
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db
SITE = settings.SITE_URL


def export_to(path, base=SITE):
    call_command("export_annotations", "--base-url", base, "-o", str(path))
    return path


def import_from(path):
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    return out.getvalue()


def items_of(path):
    return json.loads(path.read_text(encoding="utf-8"))["first"]["items"]


def write_items(path, items):
    document = json.loads(path.read_text(encoding="utf-8"))
    document["first"]["items"] = items
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def paragraph():
    return make_article().paragraphs.get(position=2)


def next_pk(paragraph):
    """The number the next annotation written will get."""
    probe = make_annotation(paragraph, "بوتين")
    number = probe.pk + 1
    probe.delete()
    return number


@pytest.fixture
def words(paragraph):
    return [w for w in dict.fromkeys(paragraph.text.split()) if len(w) > 3][:6]


def test_a_restore_whose_ids_name_the_rows_it_writes_loses_nothing(tmp_path, paragraph, words):
    """The measured loss: in a fresh database the sources written first took the numbers
    the claims' ids carry, and the claims were written over them."""
    for word in words[:3]:
        make_annotation(paragraph, word, note=f"ادعاء {word}")
    for word in words[3:]:
        make_annotation(paragraph, word, kind="source", note=f"مصدر {word}")
    path = export_to(tmp_path / "backup.jsonld")
    Annotation.objects.all().delete()
    first = next_pk(paragraph)
    items = items_of(path)
    claims = [i for i in items if i["body"][0]["value"] == "claim"]
    sources = [i for i in items if i["body"][0]["value"] == "source"]
    # Sources are written first: they will be rows first … first+2, the claims' numbers.
    for n, item in enumerate(claims):
        item["id"] = f"{SITE}/api/annotations/{first + n}/"
    for n, item in enumerate(sources):
        item["id"] = f"{SITE}/api/annotations/{first + 3 + n}/"
    write_items(path, claims + sources)

    assert "created 6, updated 0, skipped 0" in import_from(path)

    notes = sorted(Annotation.objects.values_list("note", flat=True))
    assert notes == sorted(i["body"][-1]["value"] for i in items)
    assert "created 0, updated 0, skipped 6" in import_from(path)


def test_an_unrelated_row_here_is_never_overwritten_by_an_id_that_numbers_it(tmp_path, paragraph):
    """A file id …/api/annotations/N/ of this site's address names row N only when row N is
    that annotation; here row N was made later, on another article."""
    make_annotation(paragraph, "حجم الكارثة الإنسانية", note="في الملف")
    path = export_to(tmp_path / "backup.jsonld")
    Annotation.objects.all().delete()
    other = make_article().paragraphs.get(position=2)
    here = make_annotation(other, "حجم الكارثة الإنسانية", note="صنع هنا بعد التصدير")
    [item] = items_of(path)
    item["id"] = f"{SITE}/api/annotations/{here.pk}/"
    write_items(path, [item])

    assert "created 1, updated 0, skipped 0" in import_from(path)

    here.refresh_from_db()
    assert (here.note, here.paragraph_id, here.iri) == ("صنع هنا بعد التصدير", other.pk, "")
    assert Annotation.objects.get(iri=item["id"]).note == "في الملف"


def test_this_sites_backup_imported_again_matches_each_annotation_it_names(tmp_path, paragraph):
    made = make_annotation(paragraph, "حجم الكارثة الإنسانية", note="قبل")
    path = export_to(tmp_path / "backup.jsonld")
    [item] = items_of(path)
    item["body"][-1]["value"] = "بعد"
    write_items(path, [item])

    assert "created 0, updated 1, skipped 0" in import_from(path)

    made.refresh_from_db()
    assert (made.note, made.iri) == ("بعد", "")  # still this site's own, under its address
    assert Annotation.objects.count() == 1


def test_three_annotations_with_their_own_ids_on_the_same_words_stay_three(tmp_path, paragraph):
    for note in ("قراءة أولى", "قراءة ثانية", "قراءة ثالثة"):
        make_annotation(paragraph, "حجم الكارثة الإنسانية", note=note)
    path = export_to(tmp_path / "backup.jsonld", "https://another-qiraa.example")
    Annotation.objects.all().delete()
    make_annotation(paragraph, "حجم الكارثة الإنسانية", note="صنع هنا")

    assert "created 3, updated 0, skipped 0" in import_from(path)
    assert "created 0, updated 0, skipped 3" in import_from(path)

    assert sorted(Annotation.objects.values_list("note", flat=True)) == sorted(
        ["قراءة أولى", "قراءة ثانية", "قراءة ثالثة", "صنع هنا"]
    )
    assert set(Annotation.objects.exclude(iri="").values_list("iri", flat=True)) == {
        i["id"] for i in items_of(path)
    }


def test_the_export_of_a_restore_is_the_original_export_byte_for_byte(tmp_path, paragraph):
    """Annotations on the same words sort by the id the export writes, whether that id is
    a row's address (made here) or its iri (restored)."""
    imported = make_annotation(paragraph, "حجم الكارثة الإنسانية", note="مستورد")
    Annotation.objects.filter(pk=imported.pk).update(iri="a:imported-earlier")
    for note in ("قراءة أولى", "قراءة ثانية"):
        make_annotation(paragraph, "حجم الكارثة الإنسانية", note=note)
    original = export_to(tmp_path / "original.jsonld")
    Annotation.objects.all().delete()

    import_from(original)

    restored = export_to(tmp_path / "restored.jsonld")
    assert restored.read_bytes() == original.read_bytes()


def test_annotations_made_after_a_restore_never_take_a_restored_id(tmp_path, paragraph):
    """A restored annotation keeps its id …/api/annotations/N/; the next annotation made here
    gets a number above N, so the next backup names every annotation once."""
    made = make_annotation(paragraph, "حجم الكارثة الإنسانية")
    path = export_to(tmp_path / "backup.jsonld")
    [item] = items_of(path)
    item["id"] = f"{SITE}/api/annotations/{made.pk + 500}/"
    write_items(path, [item])
    Annotation.objects.all().delete()
    import_from(path)

    later = make_annotation(paragraph, "بوتين")

    assert later.pk > made.pk + 500
    second = export_to(tmp_path / "second.jsonld")
    ids = [i["id"] for i in items_of(second)]
    assert len(set(ids)) == 2
    assert "created 0, updated 0, skipped 2" in import_from(second)
