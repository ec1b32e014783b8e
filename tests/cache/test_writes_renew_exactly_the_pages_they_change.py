"""Each kind of write renews the pages that show what it changed, and no other.

Two published articles, each with a claim by its own actor under its own tag,
every page read once by a reader so that it is cached. After each write, the
pages that show the change show it on the very next request, and the pages
of the other article, actor and tag are still answered from the cache.
Renames, merges and publishing show on many pages: they renew everything.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from annotations.models import Actor, Annotation, Tag
from annotations.services import (
    actor_add_alias,
    actor_merge,
    annotation_delete,
    annotation_update,
)
from archive.importing import import_article_file
from archive.models import Article
from archive.paragraphs import replace_paragraphs
from tests.annotations.api import annotation_body, send
from tests.cache.pages import served_from_cache, text_of
from tests.factories import CLAIM_PARAGRAPH, make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

B_PARAGRAPH = "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا على حد تعبيره."


class World:
    def __init__(self):
        self.a = make_article(paragraphs=[CLAIM_PARAGRAPH], title="مؤتمر اللاجئين في دمشق")
        self.b = make_article(paragraphs=[B_PARAGRAPH], title="بوتين والكارثة الإنسانية")
        self.ministry = make_actor("وزارة الدفاع الروسية")
        self.putin = make_actor("فلاديمير بوتين", kind="person")
        self.claim_a = make_annotation(
            self.a.paragraphs.get(),
            "الحدث يهدف إلى إعطاء دفعة إضافية",
            actor=self.ministry,
            cue="وادعت",
            tags=["المؤتمر"],
        )
        self.claim_b = make_annotation(
            self.b.paragraphs.get(), "حجم الكارثة الإنسانية", actor=self.putin, tags=["الكارثة"]
        )
        self.pages = {
            "a": self.a.get_absolute_url(),
            "b": self.b.get_absolute_url(),
            "ministry": self.ministry.get_absolute_url(),
            "putin": self.putin.get_absolute_url(),
            "tag a": Tag.objects.get(name="المؤتمر").get_absolute_url(),
            "tag b": Tag.objects.get(name="الكارثة").get_absolute_url(),
            "api b": f"/api/articles/{self.b.slug}/",
            "api putin": f"/api/actors/{self.putin.slug}/",
            "home": "/",
            "claims": "/claims/",
            "actors": "/actors/",
            "tags": "/tags/",
            "search": "/search/?q=الكارثة",
        }
        self.warm()

    def warm(self):
        for url in self.pages.values():
            text_of(url)
        assert self.cached() == set(self.pages)

    def warm_what_is_there(self):
        for url in self.pages.values():
            Client().get(url)

    def cached(self) -> set[str]:
        """The pages still answered from the cache (a page that is now gone is not)."""
        return {name for name, url in self.pages.items() if served_from_cache(url)}

    def text(self, name) -> str:
        return text_of(self.pages[name])


@pytest.fixture
def world(editor, curator):
    # Accounts first: a new editor changes who may do what, which renews every page.
    return World()


def test_a_new_annotation_shows_at_once_and_leaves_the_other_articles_pages_cached(world, editor):
    client = Client()
    client.force_login(editor)
    paragraph = world.a.paragraphs.get()
    response = send(
        client,
        "post",
        "/api/annotations/",
        annotation_body(paragraph, "وزارة الدفاع الروسية", kind="actor", actor=world.ministry),
    )
    assert response.status_code == 201

    assert world.cached() == {"b", "putin", "tag a", "tag b", "api b", "api putin", "home"}
    assert 'class="hl hl-actor' in world.text("a")
    assert world.text("a").count("hl-actor") > 0


def test_changing_a_claims_speaker_renews_both_actors_pages(world, editor):
    annotation_update(world.claim_a, user=editor, actor=world.putin)

    assert world.cached() == {"b", "tag b", "api b", "home"}
    assert "الحدث يهدف إلى إعطاء دفعة إضافية" in world.text("putin")
    assert "الحدث يهدف إلى إعطاء دفعة إضافية" not in world.text("ministry")
    assert Client().get(world.pages["api putin"]).json()["counts"]["claims"] == 2


def test_a_deleted_claim_leaves_its_article_and_actor_at_once(world):
    annotation_delete(world.claim_a)

    assert world.cached() == {"b", "putin", "tag b", "api b", "api putin", "home"}
    assert "الحدث يهدف إلى إعطاء دفعة إضافية</mark>" not in world.text("a")
    assert "الحدث يهدف إلى إعطاء دفعة إضافية" not in world.text("ministry")


def test_a_new_tag_on_an_annotation_shows_on_the_tag_list_and_the_article(world, editor):
    annotation_update(world.claim_a, user=editor, tags=["المؤتمر", "دمشق"])

    assert world.cached() >= {"b", "putin", "tag b", "api b", "api putin", "home"}
    assert "دمشق" in world.text("tags")
    assert Client().get(Tag.objects.get(name="دمشق").get_absolute_url()).status_code == 200


def test_a_new_alias_shows_on_its_actor_page_only(world):
    actor_add_alias(world.ministry, "الدفاع الروسية")

    assert world.cached() == {"a", "b", "putin", "tag a", "tag b", "api b", "api putin", "home"}
    assert "الدفاع الروسية" in world.text("ministry")


def test_renaming_an_actor_renews_every_page(world):
    world.putin.name = "الرئيس الروسي فلاديمير بوتين"
    world.putin.save()

    assert world.cached() == set()
    assert "الرئيس الروسي فلاديمير بوتين" in world.text("b")


def test_publishing_a_draft_shows_it_on_the_home_page(world):
    draft = make_article(title="مسودة عن معبر نصيب", status=Article.Status.DRAFT)
    assert "مسودة عن معبر نصيب" not in world.text("home")
    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert "مسودة عن معبر نصيب" in world.text("home")
    assert Client().get(draft.get_absolute_url()).status_code == 200


def test_a_corrected_paragraph_shows_in_its_article_and_in_search(world):
    replace_paragraphs(world.a, [CLAIM_PARAGRAPH + " وأضافت أن الكارثة مستمرة."])

    assert {"b", "putin", "tag b", "api b", "api putin"} <= world.cached()
    assert "وأضافت أن الكارثة مستمرة" in world.text("a")
    assert "مؤتمر اللاجئين في دمشق" in world.text("search")


def test_merging_actors_renews_every_page(world, curator):
    other = make_actor("بوتين", kind="person")
    world.warm()
    actor_merge(world.putin, [other], curator)

    assert world.cached() == set()
    assert not Actor.objects.filter(pk=other.pk).exists()


def test_an_imported_article_shows_on_the_home_page(world, tmp_path):
    path = tmp_path / "nassib.txt"
    path.write_text("معبر نصيب يفتح أبوابه\nأعلنت السلطات فتح المعبر أمام الشاحنات.\n")
    result = import_article_file(path, publish=True)
    assert result.outcome != "failed", result.reason

    assert world.cached() == set()
    assert "معبر نصيب يفتح أبوابه" in world.text("home")


def test_an_annotation_saved_in_the_admin_is_shown_at_once(world, curator):
    client = Client()
    client.force_login(curator)
    claim = Annotation.objects.get(pk=world.claim_b.pk)
    claim.note = "ملاحظة من الإدارة"
    claim.save()

    assert "a" in world.cached() and "ministry" in world.cached()
    assert "ملاحظة من الإدارة" in world.text("b")


def test_a_new_actor_shows_on_the_lists_and_nowhere_else(world):
    make_actor("الهلال الأحمر العربي السوري", kind="ngo")

    assert world.cached() == {
        "a",
        "b",
        "ministry",
        "putin",
        "tag a",
        "tag b",
        "api b",
        "api putin",
        "home",
    }


def test_renaming_a_tag_renews_every_page(world):
    tag = Tag.objects.get(name="الكارثة")
    tag.name = "الكارثة الإنسانية"
    tag.save()

    assert world.cached() == set()
    assert "الكارثة الإنسانية" in world.text("tags")


def test_an_imported_annotation_file_shows_on_its_article(world, tmp_path):
    backup = tmp_path / "annotations.jsonld"
    call_command("export_annotations", output=str(backup), stdout=io.StringIO())
    annotation_delete(world.claim_b)
    world.warm_what_is_there()

    call_command("import_annotations", str(backup), stdout=io.StringIO())

    assert world.cached() == set()
    assert "حجم الكارثة الإنسانية</mark>" in world.text("b")
