"""Annotations go out as W3C Web Annotation JSON-LD that a JSON-LD processor reads in full."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations.models import Annotation
from annotations.opendata import exporting
from archive.models import Article, Paragraph
from tests.annotations.jsonld import expand, undefined_terms
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db

OA = "http://www.w3.org/ns/oa#"
BASE = "https://qiraa.example"


@pytest.fixture
def seeded():
    call_command("load_seeds", stdout=io.StringIO())
    call_command("load_seed_annotations", stdout=io.StringIO())


def export(*args):
    out = io.StringIO()
    call_command("export_annotations", "--base-url", BASE, *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_seed_export_expands_without_dropping_any_term(seeded):
    document = export()

    assert undefined_terms(document) == set()
    expanded = expand(document)
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0][
        "http://www.w3.org/ns/activitystreams#items"
    ][0]["@list"]
    assert len(items) == document["total"] == Annotation.objects.count() == 81
    for compact, node in zip(document["first"]["items"], items, strict=True):
        assert node["@id"] == compact["id"]
        assert len(node[f"{OA}hasBody"]) == len(compact["body"])
        target = node[f"{OA}hasTarget"][0]
        assert {s["@type"][0] for s in target[f"{OA}hasSelector"]} == {
            f"{OA}TextQuoteSelector",
            f"{OA}TextPositionSelector",
        }
    putin = next(
        body["source"]
        for item in document["first"]["items"]
        for body in item["body"]
        if body.get("role") == "actor" and body["source"]["name"] == "فلاديمير بوتين"
    )
    assert putin["sameAs"] == "http://www.wikidata.org/entity/Q7747"


def test_every_selector_matches_the_text_it_points_to(seeded):
    document = export()
    paragraphs = {
        (p.article.slug, p.position): p.text for p in Paragraph.objects.select_related("article")
    }

    for item in document["first"]["items"]:
        from annotations.w3c import parse_target_source

        source = item["target"]["source"]
        quote, position = item["target"]["selector"]
        text = paragraphs[parse_target_source(source)]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_the_backup_keeps_drafts_and_orphans_marked_and_published_leaves_them_out():
    draft = make_article(status=Article.Status.DRAFT)
    claim = make_annotation(draft.paragraphs.get(position=2), "حجم الكارثة")
    published = make_article()
    lost = make_annotation(published.paragraphs.get(position=2), "حجم الكارثة")
    Annotation.objects.filter(pk=lost.pk).update(anchor_state="orphaned")

    everything = {item["id"]: item for item in export()["first"]["items"]}
    assert everything[f"{BASE}/api/annotations/{claim.pk}/"]["articleStatus"] == "draft"
    assert everything[f"{BASE}/api/annotations/{lost.pk}/"]["anchorState"] == "orphaned"
    assert export("--published")["total"] == 0


def test_no_email_address_leaves_the_archive(django_user_model):
    user = django_user_model.objects.create_user(
        "muharrir-x", email="secret.editor@example.org", password="x"
    )
    make_annotation(make_article().paragraphs.get(position=2), "حجم الكارثة", user=user)

    text = json.dumps(export(), ensure_ascii=False)

    assert "secret.editor" not in text and "example.org" not in text
    assert '"nickname": "muharrir-x"' in text


def test_the_article_collection_is_paged_and_follows_the_publishing_rule(client, monkeypatch):
    monkeypatch.setattr(exporting, "PAGE_SIZE", 2)
    article = make_article()
    paragraph = article.paragraphs.get(position=2)
    for word in ("بوتين", "الكارثة", "سوريا"):
        make_annotation(paragraph, word, kind="actor", actor=make_actor(word))
    url = f"{article.get_absolute_url()}annotations.jsonld"

    first = client.get(url)
    assert first["Content-Type"].startswith("application/ld+json")
    collection = first.json()
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 3
    assert len(collection["first"]["items"]) == 2
    second = client.get(collection["first"]["next"].replace("http://testserver", "")).json()
    assert second["type"] == "AnnotationPage" and second["startIndex"] == 2
    assert len(second["items"]) == 1 and "next" not in second
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(f"{draft.get_absolute_url()}annotations.jsonld").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_article_collection_runs_a_fixed_number_of_queries(
    client, count, django_assert_max_num_queries
):
    article = make_article(paragraphs=["قال المتحدث إن الوفد وصل إلى دمشق صباح اليوم"] * count)
    actor = make_actor("المتحدث باسم الوزارة", kind="person")
    for paragraph in article.paragraphs.all():
        make_annotation(paragraph, "المتحدث", kind="actor", actor=actor, tags=["وفد"])

    with django_assert_max_num_queries(8):
        response = client.get(f"{article.get_absolute_url()}annotations.jsonld")
    assert response.json()["total"] == count


def test_the_reading_page_links_to_its_annotations_as_data(client):
    """A researcher finds the article's annotations as W3C JSON-LD, and as plain JSON, from its page."""
    article = make_article()
    make_annotation(article.paragraphs.get(position=2), "حجم الكارثة الإنسانية")

    page = client.get(article.get_absolute_url()).content.decode()

    jsonld = f"{article.get_absolute_url()}annotations.jsonld"
    assert f'<link rel="alternate" type="application/ld+json" href="{jsonld}"' in page
    cards = page[page.index('id="annotation-cards"') :]
    assert f'href="{jsonld}"' in cards
    assert f'href="{reverse("annotations:api_article_detail", args=[article.slug])}"' in cards
    assert client.get(jsonld).json()["total"] == 1
