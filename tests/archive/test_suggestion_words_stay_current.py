"""The words «هل تقصد» suggests follow the titles and names as curators change them."""

import io

import pytest
from django.core.management import call_command

from annotations.models import Actor, ActorAlias
from archive.models import Article, SearchWord
from tests.factories import make_actor, make_article

pytestmark = pytest.mark.django_db


def words():
    """{word: (shown, names, titles)} of the whole vocabulary."""
    return {w.word: (w.shown, w.names, w.titles) for w in SearchWord.objects.all()}


def suggested(client, q):
    html = client.get("/search/", {"q": q}).content.decode()
    return "هل تقصد" in html, html


def test_titles_and_names_are_counted_as_they_are_written(client):
    make_article(title="إعادة الإعمار في دمشق", paragraphs=["نص"])
    make_article(title="الإعمار بعد الحرب", paragraphs=["نص"])
    make_actor("سيرغي شويغو", kind="person", aliases=["شويغو"])

    vocabulary = words()

    assert vocabulary["الاعمار"] == ("الإعمار", 0, 2)
    # The name, the name as its first alias, and the alias «شويغو».
    assert vocabulary["شويغو"] == ("شويغو", 3, 0)
    assert vocabulary["اعاده"] == ("إعادة", 0, 1)
    assert "في" not in vocabulary  # too short to suggest


def test_a_renamed_title_or_alias_changes_what_is_suggested(client):
    article = make_article(title="زيارة الكرملين", paragraphs=["زار الوفد الكرملين أمس."])
    actor = make_actor("سيرغي لافروف", kind="person", aliases=["لافروف"])
    assert suggested(client, "الكرملبن")[0]

    article.title = "زيارة موسكو"
    article.save()
    alias = actor.aliases.get(alias="لافروف")
    alias.alias = "وزير الخارجية"
    alias.save()
    actor.name = "سيرجي لافروف"
    actor.save()

    assert "الكرملين" not in words()
    assert words()["لافروف"] == ("لافروف", 2, 0)  # the new name and the old one, an alias
    assert words()["موسكو"] == ("موسكو", 0, 1)
    assert words()["الخارجيه"][1] == 1


def test_deleting_an_article_or_an_actor_takes_its_words_away():
    article = make_article(title="زيارة الكرملين", paragraphs=["نص"])
    make_actor("سيرغي لافروف", kind="person", aliases=["لافروف"])

    article.delete()
    Actor.objects.get(name="سيرغي لافروف").delete()

    assert words() == {}
    assert not ActorAlias.objects.exists()


def test_rebuild_search_index_writes_the_same_words_the_site_kept():
    make_article(title="بوتين والأسد يبحثان مؤتمر اللاجئين", paragraphs=["نص"])
    make_article(title="مؤتمر اللاجئين في دمشق", paragraphs=["نص"])
    make_actor("فلاديمير بوتين", kind="person", aliases=["بوتين", "الرئيس الروسي"])
    actor = make_actor("Sergei Shoigu", kind="person", aliases=["شويغو"])
    actor.name_en = "Sergei Shoigu"
    actor.save()
    kept = words()
    SearchWord.objects.all().delete()

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert words() == kept
    assert f"{len(kept)} words for suggestions" in out.getvalue()
    assert kept["sergei"] == ("Sergei", 3, 0)


def test_an_imported_article_title_is_in_the_vocabulary(tmp_path):
    (tmp_path / "article.txt").write_text(
        "اجتماع الكرملين الطارئ\n\nفقرة أولى.\n", encoding="utf-8"
    )

    call_command("import_articles", str(tmp_path), stdout=io.StringIO())

    assert Article.objects.count() == 1
    assert words()["الكرملين"] == ("الكرملين", 0, 1)
