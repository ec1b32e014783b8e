"""The editor's page no longer carries the W3C JSON of every annotation: the editor reads it
from GET /articles/<slug>/editor-data/ once it is ready. Only those who may annotate get
it, drafts included; it is what the API answers, never stale, in constant queries."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.services import annotation_delete
from archive.models import Article
from tests.factories import CLAIM_PARAGRAPH, make_actor, make_annotation, make_article, make_claim

pytestmark = pytest.mark.django_db

WORDS = CLAIM_PARAGRAPH.split()


def data_url(article):
    return reverse("annotations:editor_annotations", kwargs={"slug": article.slug})


def settings_on_page(html):
    script = re.search(r'<script id="editor-data" type="application/json">(.*?)</script>', html)
    return json.loads(script[1])


def annotate(article, count):
    paragraph = article.paragraphs.get()
    for n in range(count):
        make_annotation(
            paragraph,
            WORDS[n % len(WORDS)],
            kind=("claim", "actor", "source")[n % 3],
            actor=make_actor(f"فاعل رقم {n}", kind="person"),
            tags=[f"وسم {n}"],
        )


def test_the_page_names_the_address_and_carries_no_annotation(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    annotate(article, 12)
    client.force_login(editor)

    html = client.get(article.get_absolute_url()).content.decode()

    settings = settings_on_page(html)
    assert settings["annotationsUrl"] == data_url(article)
    assert "annotations" not in settings
    assert "TextQuoteSelector" not in html and '"anchorState"' not in html
    assert len(client.get(settings["annotationsUrl"]).json()) == 12


def test_the_data_is_every_annotation_as_the_api_answers_it(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    claim = make_claim(article.paragraphs.get(), tags=["عودة اللاجئين"], user=editor)
    make_annotation(article.paragraphs.get(), "الحدث", kind="actor", actor=make_actor("الحدث"))
    client.force_login(editor)

    response = client.get(data_url(article))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {
        str(pk) for pk in article.paragraphs.get().annotations.values_list("pk", flat=True)
    }
    answer = client.get(f"/api/annotations/{claim.pk}/").json()
    answer.pop("@context")
    assert data[str(claim.pk)] == answer
    assert "عودة اللاجئين" in response.content.decode()  # Arabic as itself


def test_a_write_shows_in_the_data_at_once(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    first = make_annotation(article.paragraphs.get(), "الحدث يهدف")
    client.force_login(editor)
    assert list(client.get(data_url(article)).json()) == [str(first.pk)]

    second = make_annotation(article.paragraphs.get(), "وزارة الدفاع الروسية", kind="source")
    annotation_delete(first)

    assert list(client.get(data_url(article)).json()) == [str(second.pk)]


def test_the_data_takes_as_many_queries_for_30_annotations_as_for_1(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    client.force_login(editor)

    def queries():
        # A write first, so that the data is built, not taken from the cache.
        make_annotation(article.paragraphs.get(), "الحدث")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(data_url(article))
        assert response.status_code == 200
        return len(captured), len(response.json())

    few, one = queries()
    annotate(article, 28)
    many, thirty = queries()

    assert (one, thirty) == (1, 30)
    assert many == few


def test_an_editor_reads_a_drafts_data(client, editor):
    draft = make_article(paragraphs=[CLAIM_PARAGRAPH], status=Article.Status.DRAFT)
    claim = make_claim(draft.paragraphs.get())
    client.force_login(editor)

    data = client.get(data_url(draft)).json()

    assert data[str(claim.pk)]["articleStatus"] == "draft"


@pytest.mark.parametrize("who", ["visitor", "reader"])
def test_nobody_else_gets_it(client, request, who):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    make_claim(article.paragraphs.get())
    if who == "reader":
        client.force_login(request.getfixturevalue("reader"))

    response = client.get(data_url(article))

    assert response.status_code == 404
    assert response.json() == {"error": "لا يوجد هذا المقال."}


def test_a_missing_article_or_a_post_is_refused_not_an_error(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    client.force_login(editor)

    assert client.get("/articles/ليس-هنا/editor-data/").status_code == 404
    assert client.post(data_url(article)).status_code == 405


def test_a_renamed_actor_shows_in_the_data_though_its_annotations_did_not_change(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    actor = make_actor("وزارة الدفاع", kind="government_body")
    claim = make_claim(article.paragraphs.get(), actor=actor)
    client.force_login(editor)
    before = client.get(data_url(article)).json()[str(claim.pk)]
    assert before["body"][1]["source"]["name"] == "وزارة الدفاع"

    actor.name = "وزارة الدفاع الروسية"
    actor.save()

    after = client.get(data_url(article)).json()[str(claim.pk)]
    assert after["body"][1]["source"]["name"] == "وزارة الدفاع الروسية"
    assert after["modified"] == before["modified"]
