"""The demo: both seed articles arrive annotated, accurately, and loading again changes nothing."""

import io

import pytest
from django.core.management import call_command

from annotations.models import Actor, ActorAlias, Annotation
from archive.normalise import search_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())


def test_seed_annotations_cover_both_articles_with_claims_sources_and_actors(seeded):
    claims = Annotation.objects.filter(kind="claim")
    assert claims.count() >= 12
    for source_name in ("000_c1d9d30ac0204e80.txt", "003_f2c3a7f198eea0a5.txt"):
        kinds = set(
            Annotation.objects.filter(paragraph__article__source_name=source_name).values_list(
                "kind", flat=True
            )
        )
        assert kinds == {"claim", "source", "actor"}
    assert all(c.actor_id for c in claims), "every seed claim names its speaker"
    for annotation in Annotation.objects.select_related("paragraph"):
        assert annotation.paragraph.text[annotation.start : annotation.end] == annotation.exact


def test_the_ministry_claim_comes_through_its_statement(seeded):
    claim = Annotation.objects.get(
        kind="claim", exact__startswith="“الحدث يهدف إلى إعطاء دفعة إضافية"
    )

    assert claim.actor.name == "وزارة الدفاع الروسية"
    assert claim.cue == "وادعت" and claim.stance == "distancing"
    assert claim.via.kind == "source"


def test_named_sources_are_there(seeded):
    sources = set(Annotation.objects.filter(kind="source").values_list("exact", flat=True))

    assert {"حسب مصادر روسية", "حسب ما تابعت منصة SY24"} <= sources
    assert any("الشرق الأوسط" in s for s in sources)


def test_assad_is_one_actor_under_all_his_names(seeded):
    assad = Actor.objects.get(name="بشار الأسد")

    for name in ("الأسد", "رأس السلطة", "رأس النظام", "راس النظام"):
        assert ActorAlias.objects.get(search_key=search_key(name)).actor == assad
    assert assad.wikidata_id == "Q44329"
    assert Annotation.objects.filter(actor=assad).count() >= 3


def test_putins_claims_from_the_second_article(seeded):
    putin = Actor.objects.get(name="فلاديمير بوتين")

    claims = Annotation.objects.filter(
        actor=putin, kind="claim", paragraph__article__source_name__startswith="003"
    )
    assert claims.count() >= 2


def test_loading_the_seed_annotations_again_creates_nothing(seeded):
    before = Annotation.objects.count(), Actor.objects.count()
    out = io.StringIO()

    call_command("load_seed_annotations", stdout=out)

    assert (Annotation.objects.count(), Actor.objects.count()) == before
    assert "created 0" in out.getvalue()
