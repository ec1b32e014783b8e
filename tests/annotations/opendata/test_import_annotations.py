"""import_annotations reads the export back: all or nothing, with a report naming each problem."""

import copy
import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from annotations.models import Actor, Annotation
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db
BASE = "https://qiraa.example"


def export(base=BASE):
    out = io.StringIO()
    call_command("export_annotations", "--base-url", base, stdout=out)
    return json.loads(out.getvalue())


def run_import(tmp_path, document, *, raw=None):
    path = tmp_path / "annotations.jsonld"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_annotations", str(path), stdout=out, stderr=err)
    return out.getvalue()


def refused(tmp_path, document=None, *, raw=None):
    before = (Annotation.objects.count(), Actor.objects.count())
    err = io.StringIO()
    path = tmp_path / "annotations.jsonld"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        call_command("import_annotations", str(path), stdout=io.StringIO(), stderr=err)
    assert (Annotation.objects.count(), Actor.objects.count()) == before
    return err.getvalue() + str(failure.value)


@pytest.fixture
def archive():
    article = make_article()
    putin = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    claim = make_annotation(
        article.paragraphs.get(position=2), "حجم الكارثة الإنسانية", actor=putin, note="ملاحظة"
    )
    mention = make_annotation(
        article.paragraphs.get(position=2), "بوتين", kind="actor", actor=putin
    )
    return article, claim, mention


def test_importing_this_sites_export_again_changes_nothing(tmp_path, archive):
    report = run_import(tmp_path, export(settings.SITE_URL))

    assert "created 0, updated 0, skipped 2" in report
    assert Annotation.objects.count() == 2


def test_a_changed_annotation_in_the_file_updates_it(tmp_path, archive):
    _, claim, _ = archive
    document = export(settings.SITE_URL)
    item = next(i for i in document["first"]["items"] if i["id"].endswith(f"/{claim.pk}/"))
    next(b for b in item["body"] if b.get("purpose") == "commenting")["value"] = "ملاحظة مصححة"

    report = run_import(tmp_path, document)

    assert "created 0, updated 1, skipped 1" in report
    claim.refresh_from_db()
    assert claim.note == "ملاحظة مصححة"


def test_drifted_offsets_are_re_found_by_the_quote(tmp_path, archive):
    _, claim, _ = archive
    document = export()
    Annotation.objects.all().delete()
    for item in document["first"]["items"]:
        item["target"]["selector"][1]["start"] += 3
        item["target"]["selector"][1]["end"] += 3

    report = run_import(tmp_path, document)

    assert "created 2" in report and "re-found by their quote 2" in report
    restored = Annotation.objects.get(exact="حجم الكارثة الإنسانية")
    assert restored.start == claim.start


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda d: d.update({"@context": "https://schema.org"}), "wrong @context"),
        (lambda d: d.pop("@context"), "wrong @context"),
        (
            lambda d: d["first"]["items"][0]["body"][0].update({"value": "rumour"}),
            "قيمة غير معروفة 'rumour'",
        ),
        (
            lambda d: d["first"]["items"][1]["target"]["selector"][0].update(
                {"exact": "كلمات ليست في الفقرة"}
            ),
            "is not in paragraph 2",
        ),
        (
            lambda d: d["first"]["items"].append(copy.deepcopy(d["first"]["items"][0])),
            "the same id appears 2 times",
        ),
        (lambda d: d["first"]["items"][0].update({"created": "yesterday"}), "created must be"),
        (
            lambda d: d["first"]["items"][0].update({"created": "2024-02-30T10:00:00+00:00"}),
            "created must be",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_annotation_and_nothing_is_written(
    tmp_path, archive, spoil, reason
):
    document = export()
    Annotation.objects.all().delete()
    spoil(document)

    message = refused(tmp_path, document)

    assert reason in message


def test_every_problem_is_named_in_one_run(tmp_path, archive):
    document = export()
    Annotation.objects.all().delete()
    for item in document["first"]["items"]:
        item["target"]["selector"][0]["exact"] = "ليس هنا"

    message = refused(tmp_path, document)

    for item in document["first"]["items"]:
        assert item["id"] in message


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "is empty"),
        (b"{not json", "is not valid JSON"),
        ("{}".encode("utf-16"), "is not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8"),
        (b"[1, 2]", "expected JSON objects"),
    ],
)
def test_files_that_are_not_annotation_json_are_refused(tmp_path, raw, reason):
    assert reason in refused(tmp_path, raw=raw)


@override_settings(ANNOTATIONS_MAX_IMPORT_BYTES=1000)
def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, archive):
    message = refused(tmp_path, raw=b" " * 1001)

    assert "the limit is 1,000" in message


def test_the_admin_upload_imports_and_reports(admin_client, archive):
    document = export()
    Annotation.objects.all().delete()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "backup.jsonld", json.dumps(document, ensure_ascii=False).encode(), "application/ld+json"
    )
    response = admin_client.post("/admin/annotations/annotation/import/", {"file": upload})

    assert response.status_code == 302
    assert Annotation.objects.count() == 2
    page = admin_client.get(response["Location"]).content.decode()
    assert "أُنشئ 2" in page


def test_the_admin_upload_shows_every_problem_and_writes_nothing(admin_client, archive):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Annotation.objects.all().delete()
    upload = SimpleUploadedFile("bad.jsonld", b'{"@context": "https://schema.org"}')
    response = admin_client.post("/admin/annotations/annotation/import/", {"file": upload})

    assert response.status_code == 200
    # In Arabic, as the rest of the admin; the command line says "wrong @context".
    assert "سياق JSON-LD في الملف خاطئ" in response.content.decode()
    assert Annotation.objects.count() == 0


def test_the_admin_names_a_misplaced_quote_in_arabic(admin_client, archive):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = export()
    Annotation.objects.all().delete()
    item = document["first"]["items"][1]
    item["target"]["selector"][0]["exact"] = "كلمات ليست في الفقرة"
    upload = SimpleUploadedFile(
        "bad.jsonld", json.dumps(document, ensure_ascii=False).encode(), "application/ld+json"
    )

    html = admin_client.post("/admin/annotations/annotation/import/", {"file": upload})

    assert "النص المقتبس «كلمات ليست في الفقرة» ليس في الفقرة 2 من المقال" in html.content.decode()
    assert Annotation.objects.count() == 0


def test_readers_and_editors_cannot_use_the_upload(client, editor):
    assert client.get("/admin/annotations/annotation/import/").status_code == 302
    client.force_login(editor)
    assert client.get("/admin/annotations/annotation/import/").status_code in {302, 403}


def test_an_export_larger_than_the_limit_is_streamed_not_refused(tmp_path, archive):
    path = tmp_path / "backup.jsonld"
    call_command("export_annotations", "--base-url", BASE, "-o", str(path))
    Annotation.objects.all().delete()

    with override_settings(ANNOTATIONS_MAX_IMPORT_BYTES=100):
        out = io.StringIO()
        call_command("import_annotations", str(path), stdout=out)

    assert "created 2" in out.getvalue()


def test_a_broken_line_in_an_export_is_named(tmp_path, archive):
    path = tmp_path / "backup.jsonld"
    call_command("export_annotations", "--base-url", BASE, "-o", str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1][:40]
    path.write_text("\n".join(lines), encoding="utf-8")
    Annotation.objects.all().delete()

    message = refused(tmp_path, raw=path.read_bytes())

    assert "line 2 is not valid JSON" in message


def test_each_problem_in_the_admin_keeps_its_id_and_its_reason_apart(admin_client, archive):
    """A Latin id and an Arabic reason are isolated, so neither reorders the other right to left."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = export()
    Annotation.objects.all().delete()
    item = document["first"]["items"][0]
    next(b for b in item["body"] if b.get("role") == "kind")["value"] = "rumour"
    upload = SimpleUploadedFile(
        "bad.jsonld", json.dumps(document, ensure_ascii=False).encode(), "application/ld+json"
    )

    page = admin_client.post("/admin/annotations/annotation/import/", {"file": upload})

    html = page.content.decode()
    assert f'<bdi dir="ltr"><code>{item["id"]}</code></bdi>: <bdi dir="auto">' in html
    assert "قيمة غير معروفة" in html.split(item["id"], 1)[1]
    assert Annotation.objects.count() == 0


def note_of(item, value):
    next(b for b in item["body"] if b.get("purpose") == "commenting")["value"] = value


def test_a_target_with_positions_only_takes_its_quote_from_the_text(tmp_path, archive):
    document = export()
    Annotation.objects.all().delete()
    for item in document["first"]["items"]:
        selectors = item["target"]["selector"]
        item["target"]["selector"] = [s for s in selectors if s["type"] == "TextPositionSelector"]

    assert "created 2," in run_import(tmp_path, document)
    assert set(Annotation.objects.values_list("exact", flat=True)) == {
        "حجم الكارثة الإنسانية",
        "بوتين",
    }


def test_a_file_without_ids_imported_twice_matches_each_annotation_once(tmp_path):
    """Two annotations on the same words, in a file without ids: the second import changes nothing."""
    paragraph = make_article().paragraphs.get(position=2)
    for note in ("قراءة أولى", "قراءة ثانية"):
        make_annotation(paragraph, "حجم الكارثة الإنسانية", note=note)
    document = export()
    for item in document["first"]["items"]:
        del item["id"]
    Annotation.objects.all().delete()

    assert "created 2," in run_import(tmp_path, document)
    assert "created 0, updated 0, skipped 2" in run_import(tmp_path, document)
    assert Annotation.objects.count() == 2


@pytest.mark.parametrize("chunk", [1, 500])
def test_an_annotation_matched_by_its_id_is_not_taken_again_by_place(
    tmp_path, archive, monkeypatch, chunk
):
    """However the file falls into batches, an item with a new id on the same words is a new annotation."""
    from annotations.opendata import importing

    _, claim, _ = archive
    document = export()
    Annotation.objects.all().delete()
    run_import(tmp_path, document)  # the rows now carry the file's ids
    first = next(i for i in document["first"]["items"] if i["id"].endswith(f"/{claim.pk}/"))
    second = copy.deepcopy(first)
    second["id"] = f"{BASE}/api/annotations/999999/"
    note_of(first, "القراءة المحدثة")
    note_of(second, "قراءة أخرى للكلمات نفسها")
    document["first"]["items"] = [first, second]
    monkeypatch.setattr(importing, "CHUNK", chunk)

    assert "created 1, updated 1, skipped 0" in run_import(tmp_path, document)
    assert Annotation.objects.get(iri=first["id"]).note == "القراءة المحدثة"
    assert sorted(Annotation.objects.filter(kind="claim").values_list("note", flat=True)) == [
        "القراءة المحدثة",
        "قراءة أخرى للكلمات نفسها",
    ]


def test_a_claim_whose_source_was_refused_says_so(tmp_path, archive):
    article, claim, _ = archive
    source = make_annotation(
        article.paragraphs.get(position=1), "حسب ما تابعت منصة SY24", kind="source"
    )
    claim.via = source
    claim.save()
    document = export()
    Annotation.objects.all().delete()
    item = next(i for i in document["first"]["items"] if i["id"].endswith(f"/{source.pk}/"))
    item["target"]["selector"][0]["exact"] = "ليس في الفقرة"
    item["target"]["selector"][1]["start"] += 1

    message = refused(tmp_path, document)

    assert f"{item['id']}: its quote «ليس في الفقرة» is not in paragraph 1" in message
    assert f"via {item['id']} was refused (its own problem is listed)" in message


@override_settings(SIMPLE_HISTORY_ENABLED=False)
def test_import_works_with_history_turned_off(tmp_path, archive):
    document = export()
    Annotation.objects.all().delete()

    assert "created 2," in run_import(tmp_path, document)


def test_a_problem_survives_pickling_with_its_parts():
    import pickle

    from annotations.opendata.import_files import AnnotationImportError, Problem

    sent = pickle.dumps(AnnotationImportError([Problem("urn:x", "سبب")]))
    error = pickle.loads(sent)  # noqa: S301 bytes this test just made

    assert error.problems == ["urn:x: سبب"]
    assert (error.problems[0].label, error.problems[0].reason) == ("urn:x", "سبب")


def test_a_file_from_elsewhere_brings_its_own_annotations_even_on_the_same_words(tmp_path, archive):
    """Ids from another site are other annotations: none is merged with one made here on the
    same words, and its claim follows the file's own source."""
    article, claim, _ = archive
    source = make_annotation(
        article.paragraphs.get(position=1), "حسب ما تابعت منصة SY24", kind="source"
    )
    claim.via = source
    claim.save()
    document = export()  # ids under BASE, which is not this site's address

    assert "created 3, updated 0, skipped 0" in run_import(tmp_path, document)
    assert "created 0, updated 0, skipped 3" in run_import(tmp_path, document)

    copied = Annotation.objects.get(kind="claim", iri__startswith=BASE)
    assert copied.via.iri.startswith(BASE) and copied.via != source
    claim.refresh_from_db()
    assert claim.via == source and claim.iri == ""
