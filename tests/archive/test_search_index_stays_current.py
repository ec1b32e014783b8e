"""What readers find follows every change to titles and paragraphs."""

import io

import pytest

from archive.importing import import_article_file
from archive.models import Paragraph
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def finds(client, q, url):
    return url in client.get("/search/", {"q": q}).content.decode()


def test_an_edited_paragraph_is_found_by_its_new_words_only(client):
    article = make_article(paragraphs=["وصل الوفد إلى دمشق.", "ثم غادر."])
    paragraph = article.paragraphs.get(position=2)

    paragraph.text = "ثم غادر إلى حلب."
    paragraph.save()

    assert finds(client, "حلب", f"{article.get_absolute_url()}#p-2")
    paragraph.text = "ثم غادر إلى حمص."
    paragraph.save()
    assert not finds(client, "حلب", article.get_absolute_url())


def test_a_deleted_paragraph_and_article_are_no_longer_found(client):
    article = make_article(paragraphs=["وصل الوفد إلى دمشق.", "ثم غادر إلى حلب."])
    url = article.get_absolute_url()

    Paragraph.objects.filter(article=article, position=2).delete()
    assert not finds(client, "حلب", url)
    article.delete()
    assert not finds(client, "دمشق", url)


def test_a_renamed_title_is_found_by_its_new_words(client):
    article = make_article(title="عنوان قديم", paragraphs=["نص."])

    article.title = "اجتماع اللجنة الدستورية"
    article.save()

    assert finds(client, "الدستورية", article.get_absolute_url())
    assert not finds(client, "قديم", article.get_absolute_url())


def test_an_imported_article_is_found_and_a_corrected_import_replaces_its_words(client, tmp_path):
    path = tmp_path / "khabar.txt"
    path.write_text("وفد روسي في دمشق\n\nوصل الوفد الروسي إلى دمشق صباح اليوم.\n", encoding="utf-8")
    article = import_article_file(path, publish=True).article

    assert finds(client, "صباح", f"{article.get_absolute_url()}#p-1")
    path.write_text("وفد روسي في دمشق\n\nوصل الوفد الروسي إلى دمشق مساء اليوم.\n", encoding="utf-8")
    import_article_file(path, publish=True)
    assert finds(client, "مساء", article.get_absolute_url())
    assert not finds(client, "صباح", article.get_absolute_url())


def test_rebuilding_the_index_finds_the_same(client):
    from django.core.management import call_command

    from archive.models import SearchEntry

    article = make_article(paragraphs=["وصل الوفد إلى دمشق."])
    SearchEntry.objects.all().delete()
    assert not finds(client, "دمشق", article.get_absolute_url())

    call_command("rebuild_search_index", stdout=io.StringIO())
    assert finds(client, "دمشق", article.get_absolute_url())
