"""A curator imports an annotation file written before slugs were made typeable.

Its targets and actors name «/articles/مؤتمر-٢٦-تـمـوز/» and «/actors/كـبـيـر/»;
the migrations have since rewritten those slugs. The annotations land on the
same article and actor, and an actor the file creates gets a typeable slug.
"""

import io
from urllib.parse import unquote

import pytest
from django.core.management import call_command

from annotations.models import Actor, ActorAlias, Annotation
from archive.models import Article
from archive.slugs import rewrite_slugs
from tests.factories import make_annotation, make_article

pytestmark = pytest.mark.django_db

TEXT = "قال مدير المكتب إن الاجتماع سيعقد في 26 تموز في دمشق."


def export_to(path):
    call_command("export_annotations", "-o", str(path))
    return path


def import_from(path):
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def old_file(tmp_path):
    """A file exported when the article's and the actor's slugs still had ٢٦ and tatweel."""
    article = make_article(title="مؤتمر", slug="مؤتمر-٢٦-تـمـوز", paragraphs=[TEXT])
    actor = Actor.objects.create(name="مدير المكتب", slug="مـديـر-المكتب", kind="person")
    make_annotation(article.paragraphs.get(), "مدير المكتب", kind="actor", actor=actor)
    path = export_to(tmp_path / "old.jsonld")
    text = unquote(path.read_text(encoding="utf-8"))
    assert "مؤتمر-٢٦-تـمـوز" in text and "مـديـر-المكتب" in text
    return path


def test_an_old_file_lands_on_the_articles_and_actors_under_their_new_slugs(old_file):
    rewrite_slugs(Article, fallback="article")
    rewrite_slugs(Actor, fallback="actor")
    Annotation.objects.all().delete()
    ActorAlias.objects.all().delete()  # so the actor is found by its address, not its name

    printed = import_from(old_file)

    annotation = Annotation.objects.select_related("paragraph__article", "actor").get()
    assert annotation.paragraph.article.slug == "مؤتمر-26-تموز"
    assert annotation.actor.slug == "مدير-المكتب"
    assert Actor.objects.count() == 1, printed


def test_an_actor_the_old_file_creates_gets_a_typeable_slug(old_file):
    rewrite_slugs(Article, fallback="article")
    Annotation.objects.all().delete()
    Actor.objects.all().delete()

    import_from(old_file)

    assert Annotation.objects.get().actor.slug == "مدير-المكتب"
