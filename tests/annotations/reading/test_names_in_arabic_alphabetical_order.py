"""Readers and curators find actors and tags in the order of an Arabic dictionary.

Hamza forms are one alef, «ال» is not a letter of the word, ؤ and ئ sort as
their seat, ة as ه, ى as ي, harakat and tatweel are nothing, ڤ sits with ف;
names beginning with a digit come first and Latin names last. The expected
lists below are written out by hand, not computed; by code point the same
names would begin «آمنة، أحمد، أسامة، أيمن، إبراهيم، إياد، ابتسام».
"""

import csv
import io
import random
import re
from urllib.parse import unquote

import pytest

from annotations.models import Actor, Tag
from tests.factories import make_actor, make_claim

pytestmark = pytest.mark.django_db

# An Arabic dictionary's order.
ACTORS_IN_ORDER = [
    "٢٤ ساعة",
    "ابتسام",
    "إبراهيم",
    "أحمد",
    "أسامة",
    "آمنة",
    "إياد",
    "أيمن",
    "بشار",
    "تامر",
    "ثامر",
    "جهاد",
    "حسن",
    "خالد",
    "دعاء",
    "رامي",
    "ريم",
    "رئيس الوزراء",
    "زينب",
    "السوريون",
    "شادي",
    "صالح",
    "ضياء",
    "طارق",
    "ظافر",
    "عمر",
    "عمرو",
    "غسان",
    "فادي",
    "ڤلاديمير",
    "قاسم",
    "كمال",
    "ليث",
    "ليلى",
    "مُصطفى",
    "موسى",
    "مؤمن",
    "نـزار",
    "هيئة تحرير الشام",
    "وزارة الخارجية السورية",
    "يحيى",
    "BBC",
    "Vladimir Putin",
]

TAGS_IN_ORDER = [
    "٢٠٢١",
    "أسلحة كيميائية",
    "إعادة الإعمار",
    "الاقتصاد",
    "انتخابات",
    "حقوق الإنسان",
    "العلاقات الروسية السورية",
    "اللاجئون",
    "موارد",
    "مؤتمرات",
    "الوضع الإنساني",
    "COVID-19",
]


def scrambled(names):
    names = list(names)
    random.Random(13).shuffle(names)
    assert names != sorted(names)
    return names


@pytest.fixture
def actors():
    """The actors, made in scrambled order, all of one kind and without annotations."""
    return {
        a.slug: a.name for a in (make_actor(n, kind="other") for n in scrambled(ACTORS_IN_ORDER))
    }


@pytest.fixture
def tags():
    """The tags, each on one claim (so every count is equal), made in scrambled order."""
    for name in scrambled(TAGS_IN_ORDER):
        make_claim(tags=[name])
    return {t.slug: t.name for t in Tag.objects.all()}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def in_page_order(pattern, html, names):
    """The names behind the slugs or ids `pattern` finds, in page order, each once."""
    found = dict.fromkeys(unquote(match) for match in re.findall(pattern, html))
    return [names[key] for key in found if key in names]


def test_the_actor_list_is_in_dictionary_order(client, actors):
    html = get(client, "/actors/", kind="other")

    assert in_page_order(r'<tr data-actor="([^"]+)"', html, actors) == ACTORS_IN_ORDER


def test_the_tag_list_is_in_dictionary_order(client, tags):
    html = get(client, "/tags/")

    assert in_page_order(r'<a class="tag" href="/tags/([^"/]+)/"', html, tags) == TAGS_IN_ORDER


def test_the_admin_lists_actors_and_tags_in_dictionary_order(client, administrator, actors, tags):
    client.force_login(administrator)
    by_id = {str(a.pk): a.name for a in Actor.objects.all()}
    html = get(client, "/admin/annotations/actor/")
    listed = in_page_order(r'href="/admin/annotations/actor/(\d+)/change/', html, by_id)
    assert [name for name in listed if name in ACTORS_IN_ORDER] == ACTORS_IN_ORDER

    tag_ids = {str(t.pk): t.name for t in Tag.objects.all()}
    html = get(client, "/admin/annotations/tag/")
    assert in_page_order(r'href="/admin/annotations/tag/(\d+)/change/', html, tag_ids) == (
        TAGS_IN_ORDER
    )


def test_the_admin_autocomplete_offers_actors_in_dictionary_order(client, administrator, actors):
    """The parent field of an actor and the actor of an annotation choose through it."""
    client.force_login(administrator)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "annotations", "model_name": "annotation", "field_name": "actor"},
    )
    assert response.status_code == 200
    offered = [row["text"] for row in response.json()["results"]]
    assert [name for name in offered if name in ACTORS_IN_ORDER] == ACTORS_IN_ORDER[: len(offered)]
    assert len(offered) >= 20


def test_the_editor_is_offered_actors_in_dictionary_order(client, editor, actors):
    client.force_login(editor)
    response = client.get("/api/actors/")
    assert response.status_code == 200
    offered = [row["name"] for row in response.json()["results"]]

    assert offered == ACTORS_IN_ORDER[: len(offered)] and len(offered) == 12


def test_claim_facets_with_equal_counts_are_in_dictionary_order(client):
    speakers = ["يحيى", "السوريون", "أحمد", "ابتسام", "مؤمن", "موسى", "إبراهيم", "BBC"]
    for name in speakers:
        make_claim(actor=make_actor(name, kind="person"), tags=[f"وسم {name}"], specificity=None)
    html = get(client, "/claims/")
    names = {a.slug: a.name for a in Actor.objects.all()}
    tag_names = {t.slug: t.name for t in Tag.objects.all()}

    speaker_facet = re.search(r'data-facet="speaker">(.*?)</section>', html, re.S)[1]
    tag_facet = re.search(r'data-facet="tag">(.*?)</section>', html, re.S)[1]
    expected = ["ابتسام", "إبراهيم", "أحمد", "السوريون", "موسى", "مؤمن", "يحيى", "BBC"]
    assert in_page_order(r'data-value="([^"]+)"', speaker_facet, names) == expected
    assert in_page_order(r'data-value="([^"]+)"', tag_facet, tag_names) == [
        f"وسم {name}" for name in expected
    ]


def test_a_renamed_tag_moves_to_its_new_place(client, administrator, tags):
    """«الاقتصاد» renamed «الزراعة» in the admin goes under ز, after «حقوق الإنسان»."""
    client.force_login(administrator)
    tag = Tag.objects.get(name="الاقتصاد")
    response = client.post(
        f"/admin/annotations/tag/{tag.pk}/change/", {"name": "الزراعة", "slug": tag.slug}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tags[tag.slug] = "الزراعة"

    html = get(client, "/tags/")
    listed = in_page_order(r'<a class="tag" href="/tags/([^"/]+)/"', html, tags)
    expected = [name for name in TAGS_IN_ORDER if name != "الاقتصاد"]
    expected.insert(expected.index("حقوق الإنسان") + 1, "الزراعة")
    assert listed == expected


def test_the_claims_csv_lists_a_claims_tags_in_dictionary_order(client):
    """By code point «اللاجئون» and «الوضع الإنساني» would come first, being alef words."""
    make_claim(tags=["الوضع الإنساني", "تموز", "اللاجئون", "إعادة الإعمار", "COVID-19"])
    response = client.get("/claims.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))

    assert [row["tags"] for row in rows] == [
        "إعادة الإعمار; تموز; اللاجئون; الوضع الإنساني; COVID-19"
    ]
