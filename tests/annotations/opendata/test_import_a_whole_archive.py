"""Restoring a whole archive: new annotations are written in bulk, with their history, tags and search entries."""

import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation
from archive.search.query import parse
from archive.search.results import search
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db
BASE = "https://qiraa.example"


def annotated_articles(count, actor):
    """`count` articles, each with a claim (tagged, with a note), a source and a mention."""
    for _ in range(count):
        article = make_article()
        second = article.paragraphs.get(position=2)
        source = make_annotation(
            article.paragraphs.get(position=1),
            "حسب ما تابعت منصة SY24",
            kind="source",
            specificity="media_relay",
        )
        make_annotation(
            second,
            "حجم الكارثة الإنسانية",
            actor=actor,
            via=source,
            cue="وقال",
            note="تقدير غير موثّق للأضرار",
            tags=["اللاجئون", "إعادة الإعمار"],
        )
        make_annotation(second, "بوتين", kind="actor", actor=actor)


def annotations_found(text):
    results = search(parse(text), user=AnonymousUser(), only="annotations")
    return results.groups[-1].total


def export_to(path):
    call_command("export_annotations", "--base-url", BASE, "-o", str(path))


def import_from(path):
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    return out.getvalue()


def restore_queries(tmp_path, articles):
    actor = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    annotated_articles(articles, actor)
    path = tmp_path / f"backup-{articles}.jsonld"
    export_to(path)
    Annotation.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        report = import_from(path)
    assert f"created {articles * 3}," in report
    return len(queries)


def test_restoring_more_articles_costs_no_more_queries(tmp_path):
    few = restore_queries(tmp_path, 2)
    Annotation.objects.all().delete()

    many = restore_queries(tmp_path, 20)

    # Sixty annotations over twenty articles are written together, like six over two;
    # only the database's limit on parameters per statement splits an insert in two.
    assert many <= few + 3
    # Of these, about ten keep the lists' counts (annotations/counts.py), whatever the size.
    assert many <= 50


def test_restored_annotations_have_their_tags_history_and_search_entries(tmp_path):
    actor = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    annotated_articles(2, actor)
    path = tmp_path / "backup.jsonld"
    export_to(path)
    before = json.loads(path.read_text(encoding="utf-8"))["first"]["items"]
    Annotation.objects.all().delete()

    import_from(path)

    claims = Annotation.objects.filter(kind="claim").order_by("pk")
    assert [sorted(c.tags.names()) for c in claims] == [["إعادة الإعمار", "اللاجئون"]] * 2
    for claim in claims:
        assert claim.via.kind == "source"
        assert claim.via.paragraph.article_id == claim.paragraph.article_id
        record = claim.history.get()
        assert (record.history_type, record.tag_names) == ("+", "إعادة الإعمار، اللاجئون")
    # The note and the tags are searchable again, as they were before.
    assert annotations_found("غير موثق") == 2
    assert annotations_found("الاعمار") == 2
    # And the times in the file are kept, not replaced by the time of the import.
    again = tmp_path / "again.jsonld"
    export_to(again)
    after = json.loads(again.read_text(encoding="utf-8"))["first"]["items"]
    assert [(i["created"], i["modified"]) for i in after] == [
        (i["created"], i["modified"]) for i in before
    ]


def test_two_annotations_on_the_same_words_both_come_back(tmp_path):
    """Two editors can tag the same words the same way, with different notes: neither is lost."""
    actor = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    paragraph = make_article().paragraphs.get(position=2)
    for note in ("قراءة أولى", "قراءة ثانية"):
        make_annotation(paragraph, "حجم الكارثة الإنسانية", actor=actor, note=note)
    path = tmp_path / "backup.jsonld"
    export_to(path)
    Annotation.objects.all().delete()

    report = import_from(path)

    assert "created 2," in report
    assert sorted(Annotation.objects.values_list("note", flat=True)) == [
        "قراءة أولى",
        "قراءة ثانية",
    ]
    assert "created 0, updated 0, skipped 2" in import_from(path)


def test_repeated_ids_are_found_even_when_distinct_ids_share_a_bit(tmp_path, monkeypatch):
    """The repeat check keeps a fixed table of bits: ids sharing one are counted, not refused."""
    from annotations.opendata import importing

    monkeypatch.setattr(importing, "SEEN_BITS", 8)  # nine ids or more must share bits
    actor = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    annotated_articles(4, actor)
    path = tmp_path / "backup.jsonld"
    export_to(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    Annotation.objects.all().delete()

    assert "created 12," in import_from(path)

    Annotation.objects.all().delete()
    items = document["first"]["items"]
    items.append(items[4])
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_annotations", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{items[4]['id']}: the same id appears 2 times" in err.getvalue()
    assert Annotation.objects.count() == 0
