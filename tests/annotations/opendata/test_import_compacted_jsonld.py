"""A file that went through a JSON-LD processor comes back as it was: compaction with our
context keeps `alias` a list, and an alias compacted to a plain string is one alias."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command
from pyld import jsonld

from annotations import w3c
from annotations.models import Actor, Annotation
from tests.annotations.jsonld import offline_loader
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db


def export() -> dict:
    out = io.StringIO()
    call_command("export_annotations", stdout=out)
    return json.loads(out.getvalue())


def import_document(tmp_path, document):
    path = tmp_path / "annotations.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_annotations", str(path), stdout=out, stderr=err)
    return out.getvalue()


def compact(document):
    return jsonld.compact(document, {"@context": w3c.CONTEXT}, {"documentLoader": offline_loader})


@pytest.fixture
def assad(editor):
    paragraph = make_article(
        paragraphs=["وقال الأسد إن الوضع تحسن كثيرا في المدينة", "فقرة ثانية"]
    ).paragraphs.get(position=1)
    actor = make_actor("بشار الأسد", kind="person", aliases=["الأسد"])
    make_annotation(paragraph, "الأسد", kind="actor", actor=actor, tags=["سوريا"], user=editor)
    return actor


def empty():
    Annotation.objects.all().delete()
    Actor.objects.all().delete()


def aliases_of(name):
    return sorted(Actor.objects.get(name=name).aliases.values_list("alias", flat=True))


def test_compacting_the_export_keeps_a_single_alias_a_list(assad):
    compacted = compact(export())

    [item] = compacted["first"]["items"]
    actor = next(b for b in item["body"] if b.get("role") == "actor")["source"]
    assert actor["alias"] == ["الأسد"]


def test_a_compacted_export_imports_into_an_empty_archive_as_it_was(tmp_path, assad):
    before = export()
    compacted = compact(before)
    empty()

    assert "created 1," in import_document(tmp_path, compacted)

    assert export()["first"]["items"] == before["first"]["items"]
    assert aliases_of("بشار الأسد") == ["الأسد", "بشار الأسد"]


def test_an_alias_compacted_to_a_string_is_one_alias_not_its_letters(tmp_path, assad):
    document = export()
    actor = next(b for b in document["first"]["items"][0]["body"] if b.get("role") == "actor")
    actor["source"]["alias"] = "الأسد"
    empty()

    import_document(tmp_path, document)

    assert aliases_of("بشار الأسد") == ["الأسد", "بشار الأسد"]


@pytest.mark.parametrize("alias", [7, ["الأسد", 7], {"value": "الأسد"}])
def test_an_alias_of_another_type_is_refused_with_its_reason(tmp_path, assad, alias):
    document = copy.deepcopy(export())
    actor = next(b for b in document["first"]["items"][0]["body"] if b.get("role") == "actor")
    actor["source"]["alias"] = alias
    empty()
    path = tmp_path / "annotations.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_annotations", str(path), stdout=io.StringIO(), stderr=err)

    assert "alias must be a string or a list of strings" in err.getvalue()
    assert not Actor.objects.exists() and not Annotation.objects.exists()
