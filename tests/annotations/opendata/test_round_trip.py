"""Export everything, empty the archive, import the texts and the export: the same annotations."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotations.models import Actor, Annotation, Tag
from archive.importing import import_article_file
from archive.models import Article, Outlet
from archive.paragraphs import replace_paragraphs
from tests.factories import make_actor, make_annotation

pytestmark = pytest.mark.django_db
BASE = "https://qiraa.example"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def export(tmp_path, name):
    path = tmp_path / name
    call_command("export_annotations", "--base-url", BASE, "-o", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    return path, {item["id"]: item for item in document["first"]["items"]}


def empty_the_archive():
    Annotation.objects.all().delete()
    Actor.objects.all().delete()
    Tag.objects.all().delete()
    Article.objects.all().delete()
    Outlet.objects.all().delete()
    get_user_model().objects.all().delete()


def assert_same(before, after):
    assert before.keys() == after.keys()
    for iri, item in before.items():
        assert after[iri] == item, iri


def test_the_seed_annotations_come_back_field_by_field(tmp_path):
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())
    path, before = export(tmp_path, "first.jsonld")

    empty_the_archive()
    call_command("load_seeds", stdout=io.StringIO())
    call_command("import_annotations", str(path), stdout=io.StringIO())

    _, after = export(tmp_path, "second.jsonld")
    assert len(before) == 81
    assert_same(before, after)


ARTICLES = {
    "khabar-1.txt": (
        "وفد روسي في دمشق\n\n"
        "أعلنت وزارة الدفاع الروسية، حسب ما تابعت منصة SY24، عن اجتماع في دمشق يوم ٢٠٢٤/٧/٢٦.\n\n"
        "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا 😀 على حد تعبيره.\n\n"
        "وزعـــم المسؤول الروسي أن «انعقاد المُؤتَمَر هو العنصر الأول» والمدرسة مفتوحة.\n",
        {"status": "published", "outlet": "SY24", "published_on": "2024-07-26"},
    ),
    "khabar-2.txt": (
        "مسودة عن اللاجئين\n\nقالت مصادر مطلعة إن اللاجئين سيعودون قريبا إلى مدنهم.\n",
        {"status": "draft"},
    ),
}


def import_texts(folder):
    for name, (text, meta) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name.replace(".txt", ".json")).write_text(json.dumps(meta), encoding="utf-8")
        import_article_file(folder / name)


def test_a_synthetic_archive_comes_back_field_by_field(tmp_path, django_user_model):
    texts = tmp_path / "texts"
    texts.mkdir()
    import_texts(texts)
    editor = django_user_model.objects.create_user("muharrir", email="m@example.org")
    first, second = Article.objects.order_by("source_name")
    p = {n: first.paragraphs.get(position=n) for n in (1, 2, 3)}
    russia = make_actor("روسيا", kind="state")
    ministry = make_actor("وزارة الدفاع الروسية", aliases=["الدفاع الروسية"])
    ministry.parent = russia
    ministry.wikidata_id = "Q1065"
    ministry.save()
    putin = make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين"])
    source = make_annotation(p[1], "حسب ما تابعت منصة SY24", kind="source", user=editor)
    make_annotation(
        p[1], "عن اجتماع في دمشق", via=source, actor=ministry, user=editor, tags=["اجتماع دمشق"]
    )
    make_annotation(p[2], "بوتين", kind="actor", actor=putin, user=editor)
    make_annotation(
        p[2],
        "حجم الكارثة الإنسانية",
        actor=putin,
        cue="وقال",
        stance="neutral",
        quote="indirect",
        note="<script>alert(1)</script> نص الملاحظة\u202e",
        tags=["الوضع الإنساني", "اللاجئون"],
    )
    make_annotation(p[3], "انعقاد المُؤتَمَر", stance="distancing", cue="وزعم")
    make_annotation(second.paragraphs.get(), "اللاجئين سيعودون", note="على مسودة")
    # A correction moves one annotation and orphans another.
    lost = make_annotation(p[3], "والمدرسة مفتوحة", user=editor)
    replace_paragraphs(
        first,
        [
            p[1].text,
            p[2].text.replace("الكارثة الإنسانية", "الكارثه الانسانيه"),
            p[3].text.replace(" والمدرسة مفتوحة", ""),
        ],
    )
    assert Annotation.objects.get(pk=lost.pk).anchor_state == "orphaned"
    assert Annotation.objects.filter(anchor_state="moved").count() == 1
    # The texts as they are now, for the empty archive to import.
    for article in (first, second):
        lines = [article.title, *(x.text for x in article.paragraphs.order_by("position"))]
        name = texts / article.source_name
        name.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    path, before = export(tmp_path, "first.jsonld")

    empty_the_archive()
    for name in ARTICLES:
        import_article_file(texts / name)
    call_command("import_annotations", str(path), stdout=io.StringIO())

    _, after = export(tmp_path, "second.jsonld")
    assert len(before) == 7
    assert_same(before, after)
    assert Actor.objects.get(name="وزارة الدفاع الروسية").parent.name == "روسيا"
