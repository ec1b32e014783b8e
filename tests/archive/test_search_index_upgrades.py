"""An archive indexed by an earlier version finds what a new one does once migration 0005 has run.

Before 0005 an entry's body was the folded text as published (punctuation and
all) and its stems only the bases of prefixed words; 0005 writes every entry
again from that body. The migration's own step runs here on such entries.
"""

import importlib

import pytest
from django.apps import apps

from archive.models import SearchEntry
from archive.normalise import WORD_RE, search_key, word_bases
from archive.search.index import entry_columns
from tests.factories import make_article

pytestmark = pytest.mark.django_db

migration = importlib.import_module("archive.migrations.0005_search_one_notion_of_a_word")

PARAGRAPHS = [
    "وتابع: “”هناك أكثر من 6.5 مليون لاجئ خارج سوريا”.",
    "يذكر أنه في 11 و12 تشرين الثاني/نوفمبر2020، عُقد في دمشق ما يسمى “مؤتمر اللاجئين”.",
    "وعقب فشل المؤتمر، كشفت روسيا عن مبادرة تقدمت بها لبنان (Putin's \\\\ plan).",
]


def as_before_0005(text):
    """The entry an earlier version wrote for `text`."""
    body = search_key(text)
    bases = dict.fromkeys(
        base for word in WORD_RE.findall(body) for base in word_bases(word) if base != word
    )
    return {"body": body, "stems": " ".join(bases), "bare": ""}


def test_entries_written_before_are_written_again_as_new_ones_are(client):
    article = make_article(title="مؤتمر اللاجئين في دمشق", paragraphs=PARAGRAPHS)
    texts = {("article", article.pk): article.title}
    texts.update({("paragraph", p.pk): p.text for p in article.paragraphs.all()})
    for (kind, pk), text in texts.items():
        SearchEntry.objects.filter(kind=kind, object_id=pk).update(**as_before_0005(text))
    assert SearchEntry.objects.filter(body__contains="،").exists()  # the old form, punctuation kept

    migration.rewrite_entries(apps, None)

    for (kind, pk), text in texts.items():
        entry = SearchEntry.objects.get(kind=kind, object_id=pk)
        assert {"body": entry.body, "stems": entry.stems, "bare": entry.bare} == entry_columns(text)
    for typed in ("6.5", "المؤتمرات", "2020", "لاجئ"):
        html = client.get("/search/", {"q": typed}).content.decode()
        assert article.get_absolute_url() in html, typed
