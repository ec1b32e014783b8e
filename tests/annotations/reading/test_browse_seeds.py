"""The demo corpus as a newcomer browses it: Putin's page, the distancing claims, search."""

import io
import re

import pytest
from django.core.management import call_command

from annotations.models import Actor, Annotation
from archive.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())


def shown(html):
    return {int(pk) for pk in re.findall(r'<li class="claim-row" id="claim-(\d+)">', html)}


def test_putins_page_lists_his_claims(client, seeded):
    putin = Actor.objects.get(name__contains="بوتين")
    claims = Annotation.objects.filter(kind="claim", actor=putin)
    assert claims.count() >= 3

    html = client.get(putin.get_absolute_url()).content.decode()

    assert shown(html) == set(claims.values_list("pk", flat=True))
    for claim in claims:
        assert f'href="{claim.paragraph.article.get_absolute_url()}#a-{claim.pk}"' in html


def test_the_distancing_claims_include_the_one_cued_zaama(client, seeded):
    html = client.get("/claims/", {"stance": "distancing"}).content.decode()

    distancing = Annotation.objects.filter(kind="claim", stance="distancing")
    assert shown(html) == set(distancing.values_list("pk", flat=True))
    assert Annotation.objects.filter(pk__in=shown(html)).exclude(stance="distancing").count() == 0
    zaama = Annotation.objects.get(kind="claim", cue="وزعم")
    assert zaama.pk in shown(html) and "«<bdi>وزعم</bdi>»" in html


@pytest.mark.parametrize("typed", ["الاسد", "اللاجئين", "اللاجيين", "مؤتمر اللاجئين"])
def test_both_seed_articles_are_found_without_hamza_or_harakat(client, seeded, typed):
    html = client.get("/search/", {"q": typed}).content.decode()

    for article in Article.objects.all():
        assert f'href="{article.get_absolute_url()}"' in html
