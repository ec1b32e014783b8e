"""A corrected re-import of a seed article keeps its annotations on the right words."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from annotations.models import Annotation
from archive.importing import import_article_file
from archive.models import Article
from archive.normalise import search_key

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
NAME = "003_f2c3a7f198eea0a5"


def corrected(text: str) -> str:
    """What an outlet's correction looks like: a typo, harakat, a word added, a split."""
    text = text.replace("وإضافت إلى ذلك", "وأضافت إلى ذلك")
    text = text.replace("عقد مؤتمر دولي", "عقد مُؤتَمَر دولي")
    text = text.replace("فلاديمير بوتين، اليوم", "فلاديمير بوتين، مساء اليوم")
    return text.replace("لا يزال كبيرا، وأكد أن", "لا يزال كبيرا.\nوأكد أن")


def test_a_corrected_seed_article_keeps_every_annotation_on_its_words(tmp_path):
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())
    article = Article.objects.get(source_name=f"{NAME}.txt")
    before = {a.pk: a.exact for a in Annotation.objects.filter(paragraph__article=article)}
    assert len(before) > 20
    source = (SEEDS / f"{NAME}.txt").read_text(encoding="utf-8")
    assert corrected(source).count("\n") == source.count("\n") + 1
    (tmp_path / f"{NAME}.txt").write_text(corrected(source), encoding="utf-8")
    shutil.copy(SEEDS / f"{NAME}.json", tmp_path / f"{NAME}.json")

    result = import_article_file(tmp_path / f"{NAME}.txt")

    assert result.outcome == "updated", result.reason
    after = Annotation.objects.filter(paragraph__article=article).select_related("paragraph")
    assert {a.pk for a in after} == set(before)
    for annotation in after:
        text = annotation.paragraph.text
        assert text[annotation.start : annotation.end] == annotation.exact
        assert annotation.anchor_state in {"anchored", "moved"}, annotation.exact
        if annotation.anchor_state == "anchored":
            assert annotation.exact == before[annotation.pk]
        else:
            assert search_key(annotation.exact) == search_key(before[annotation.pk])
    moved = after.filter(anchor_state="moved")
    assert [a.exact for a in moved if "مُؤتَمَر" in a.exact]
    split_claim = after.get(exact__startswith="روسيا ستواصل بذل الجهود")
    assert split_claim.paragraph.text.startswith("وأكد أن روسيا")
    assert result.reanchored["orphaned"] == 0


def test_the_import_command_reports_the_re_anchoring(tmp_path):
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())
    source = (SEEDS / f"{NAME}.txt").read_text(encoding="utf-8")
    (tmp_path / f"{NAME}.txt").write_text(corrected(source), encoding="utf-8")
    shutil.copy(SEEDS / f"{NAME}.json", tmp_path / f"{NAME}.json")
    out = io.StringIO()

    call_command("import_articles", str(tmp_path), stdout=out)

    assert "annotations re-anchored:" in out.getvalue()
    assert "0 orphaned" in out.getvalue()
