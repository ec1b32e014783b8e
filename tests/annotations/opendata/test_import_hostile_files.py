"""A hostile or broken annotation file is refused with a problem naming the annotation (or
line) and the field, nothing is written, and the admin upload shows the problem: never a
traceback, a 500 or a database error, on SQLite and PostgreSQL alike."""

import copy
import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from annotations.models import Actor, ActorAlias, Annotation
from annotations.opendata.import_files import AnnotationImportError
from annotations.opendata.importing import import_collection
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db
SITE = settings.SITE_URL


@pytest.fixture
def backup(tmp_path, editor):
    """This site's export (in its streamed layout) of a source, a claim through it with an
    actor, tags and a note, then the archive emptied of annotations and actors."""
    article = make_article()
    russia = make_actor("روسيا", kind="state")
    putin = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    putin.parent = russia
    putin.save()
    source = make_annotation(
        article.paragraphs.get(position=1), "حسب ما تابعت منصة SY24", kind="source", user=editor
    )
    make_annotation(
        article.paragraphs.get(position=2),
        "حجم الكارثة الإنسانية",
        actor=putin,
        via=source,
        cue="وقال",
        note="ملاحظة",
        tags=["اللاجئون"],
        user=editor,
    )
    path = tmp_path / "backup.jsonld"
    call_command("export_annotations", "-o", str(path))
    Annotation.objects.all().delete()
    Actor.objects.all().delete()
    return path


def lines_of(path):
    return path.read_bytes().split(b"\n")


def claim_line(path) -> int:
    return next(n for n, line in enumerate(lines_of(path)) if b'"value": "claim"' in line)


def with_line(path, number, replace):
    lines = lines_of(path)
    lines[number] = replace(lines[number])
    path.write_bytes(b"\n".join(lines))
    return path


def refused(path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_annotations", str(path), stdout=io.StringIO(), stderr=err)
    assert Annotation.objects.count() == 0 and Actor.objects.count() == 0
    return err.getvalue() + str(failure.value)


def test_the_untouched_backup_imports(backup):
    out = io.StringIO()
    call_command("import_annotations", str(backup), stdout=out)
    assert "created 2" in out.getvalue()


def test_a_malformed_header_line_is_named(backup):
    with_line(backup, 0, lambda line: line.replace(b'"type"', b'"type', 1))

    assert "line 1 is not valid JSON" in refused(backup)


def test_a_byte_that_is_not_utf8_on_a_later_line_is_named(backup):
    number = claim_line(backup)
    with_line(backup, number, lambda line: line.replace("ملاحظة".encode(), b"\xff\xfe", 1))

    assert f"line {number + 1} is not UTF-8" in refused(backup)


@pytest.mark.parametrize(
    ("escape", "reason"),
    [
        (r"\ud800", "contains a lone surrogate (U+D800)"),
        (r"\u0000", "contains a NUL character"),
        (r"\u001b", "contains a control character (U+001B)"),
    ],
)
def test_a_string_no_database_can_store_is_named_with_its_field(backup, escape, reason):
    number = claim_line(backup)
    claim_id = json.loads(lines_of(backup)[number].rstrip(b","))["id"]
    with_line(backup, number, lambda line: line.replace("ملاحظة".encode(), escape.encode(), 1))

    message = refused(backup)

    assert f"{claim_id}: body[" in message and f"].value {reason}" in message


@pytest.mark.parametrize("where", ["actor name", "actor alias", "tag"])
def test_a_surrogate_in_an_actor_or_a_tag_is_named_before_anything_is_written(backup, where):
    number = claim_line(backup)
    old = {"actor name": "روسيا", "actor alias": "بوتين", "tag": "اللاجئون"}[where]
    with_line(backup, number, lambda line: line.replace(f'"{old}"'.encode(), b'"\\udfff"', 1))

    assert "contains a lone surrogate (U+DFFF)" in refused(backup)


def test_nesting_twenty_thousand_levels_deep_is_refused(tmp_path):
    path = tmp_path / "deep.jsonld"
    path.write_text("[" * 20_000 + "]" * 20_000)

    assert "nested deeper than 32 levels" in refused(path)


def test_a_streamed_line_nested_twenty_thousand_levels_deep_is_named(backup):
    number = claim_line(backup)
    with_line(backup, number, lambda line: b"[" * 20_000 + b"]" * 20_000 + b",")

    assert f"line {number + 1} is nested deeper than 32 levels" in refused(backup)


def test_an_annotation_nested_deeper_than_any_needs_is_named(backup):
    number = claim_line(backup)
    deep = b"[" * 40 + b"]" * 40
    with_line(backup, number, lambda line: line.replace('"ملاحظة"'.encode(), deep, 1))

    assert "nested deeper than 32 levels" in refused(backup)


def test_an_integer_too_long_to_convert_is_refused(backup):
    number = claim_line(backup)
    with_line(
        backup, number, lambda line: line.replace(b'"start": ', b'"start": ' + b"9" * 5000, 1)
    )

    assert f"line {number + 1} is not valid JSON" in refused(backup)


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda i: i.update(id=SITE + "/" + "x" * 500), "id: the id is longer than 500"),
        (lambda i: body(i, "cue").update(value="ق" * 61), "cue: "),
        (lambda i: actor(i).update(name="ب" * 201), "name: "),
        (lambda i: actor(i).update(alias=["ب" * 201]), "is longer than 200 characters"),
        # 150 characters, each of which NFKC unfolds into many: the search form would not fit.
        (lambda i: actor(i).update(name="\ufdfa" * 150), "is longer than 200 characters"),
        (lambda i: actor(i).update(country="SYRI"), "country: "),
        (lambda i: i["creator"].update(nickname="م" * 151), "longer than 150 characters"),
        (lambda i: i["target"]["selector"][1].update(start=2**31), "start: offsets are"),
        (
            lambda i: body(i, "via").update(source=f"{SITE}/api/annotations/{'9' * 5000}/"),
            "via: the id is longer than 500",
        ),
    ],
)
def test_a_value_too_long_for_its_field_is_refused_before_the_database_sees_it(
    backup, spoil, reason
):
    number = claim_line(backup)

    def spoiled(line):
        item = json.loads(line.rstrip(b","))
        spoil(item)
        return json.dumps(item, ensure_ascii=False).encode() + b","

    with_line(backup, number, spoiled)

    assert reason in refused(backup)


@pytest.mark.parametrize("slug", ["فاعل جديد", "ف" * 101, "a%2Fb"])
def test_an_actor_whose_iri_cannot_be_a_page_gets_a_slug_of_its_own(backup, slug):
    number = claim_line(backup)

    def spoiled(line):
        item = json.loads(line.rstrip(b","))
        actor(item).update(id=f"https://elsewhere.example/actors/{slug}/", name="فاعل جديد")
        return json.dumps(item, ensure_ascii=False).encode() + b","

    with_line(backup, number, spoiled)

    call_command("import_annotations", str(backup), stdout=io.StringIO())
    made = Actor.objects.get(name="فاعل جديد")
    assert made.slug == "فاعل-جديد"
    call_command("export_annotations", stdout=io.StringIO())  # its page has an address


@pytest.mark.parametrize("row", [2**31 - 1, 2**31, 10**17])
def test_an_id_numbering_a_row_beyond_any_there_is_does_not_use_up_the_numbers(backup, row):
    """A file may name …/api/annotations/2147483647/ (this site's address, the largest number
    PostgreSQL's integer holds) or more: it is kept as the annotation's id, and annotations
    made here afterwards are still numbered as before."""
    number = claim_line(backup)
    iri = f"{SITE}/api/annotations/{row}/"

    def spoiled(line):
        item = json.loads(line.rstrip(b","))
        item["id"] = iri
        return json.dumps(item, ensure_ascii=False).encode() + b","

    with_line(backup, number, spoiled)
    call_command("import_annotations", str(backup), stdout=io.StringIO())
    claim = Annotation.objects.get(kind="claim")

    later = make_annotation(claim.paragraph, "بوتين")

    assert later.pk < 10_000_000
    assert Annotation.objects.get(iri=iri) == claim
    assert "skipped 2" in import_from(backup)


def import_from(path):
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    return out.getvalue()


def body(item, role):
    return next(b for b in item["body"] if b.get("role") == role)


def actor(item):
    return body(item, "actor")["source"]


# Every value an annotation can hold, in turn replaced by each of these.
WRONG = [None, 2**40, "نص", [1], {"id": ["x"]}]


def leaves(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, child in node.items():
            yield from leaves(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from leaves(child, (*path, index))


def replaced(item, path, value):
    item = copy.deepcopy(item)
    if not path:
        return value
    node = item
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return item


class Rollback(Exception):
    pass


def test_a_value_of_the_wrong_type_anywhere_is_a_named_problem_or_harmless(backup):
    """Each field of the claim and its source, replaced by values of every JSON type: the
    import either succeeds (and is rolled back here) or is refused with problems. Any
    other exception fails, naming the field."""
    call_command("import_annotations", str(backup), stdout=io.StringIO())
    Annotation.objects.all().delete()  # the actors stay: each import below matches them
    lines = lines_of(backup)
    header = json.loads(lines[0].decode()[: -len('"items": [')] + '"items": []}}')
    items = [json.loads(line.rstrip(b",")) for line in lines[1:] if line.startswith(b"{")]
    crashes = []
    for position, item in enumerate(items):
        for path in leaves(item):
            for value in WRONG:
                document = copy.deepcopy(header)
                document["first"]["items"] = [
                    replaced(i, path, value) if n == position else i for n, i in enumerate(items)
                ]
                try:
                    with transaction.atomic():
                        import_collection(document, site_url=SITE)
                        raise Rollback
                except (Rollback, AnnotationImportError):
                    pass
                except Exception as exc:  # the test names what crashed
                    crashes.append(f"item {position} {path} = {value!r}: {exc!r}")
    assert crashes == [], "\n".join(crashes)
    assert Annotation.objects.count() == 0


def upload(client, name, raw):
    return client.post(
        "/admin/annotations/annotation/import/",
        {"file": SimpleUploadedFile(name, raw, "application/ld+json")},
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[" * 20_000 + "]" * 20_000, "32"),
        ('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": 5}', "id"),
    ],
    ids=["nested 20,000 deep", "id a number"],
)
def test_the_admin_upload_shows_the_problem_of_a_hostile_file(admin_client, raw, shown):
    response = upload(admin_client, "hostile.jsonld", raw.encode())

    assert response.status_code == 200
    assert shown in response.content.decode()
    assert Annotation.objects.count() == 0


@pytest.mark.parametrize("escape", [r"\ud800", r"\u0000"])
def test_the_admin_upload_names_an_unstorable_string(admin_client, backup, escape):
    number = claim_line(backup)
    with_line(backup, number, lambda line: line.replace("ملاحظة".encode(), escape.encode(), 1))

    response = upload(admin_client, "backup.jsonld", backup.read_bytes())

    assert response.status_code == 200
    html = response.content.decode()
    assert "body[" in html and ("U+D800" if escape == r"\ud800" else "NUL") in html
    assert Annotation.objects.count() == 0 and not ActorAlias.objects.exists()
