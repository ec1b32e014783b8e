"""A long article with many annotations: the same page as a short one, in as many queries,
with its schema.org and editor data built once per version and never stale.

The editor's data is what the editor reads: the settings in the page, and the W3C
JSON of every annotation from the address the page names (`annotationsUrl`)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation
from annotations.services import annotation_delete, annotation_update
from tests.factories import (
    CLAIM_PARAGRAPH,
    make_actor,
    make_annotation,
    make_article,
    make_claim,
)

pytestmark = pytest.mark.django_db

WORDS = CLAIM_PARAGRAPH.split()


def editor_settings(html):
    script = re.search(r'<script id="editor-data" type="application/json">(.*?)</script>', html)
    return json.loads(script[1])


def editor_data(client, article):
    """The page's editor settings, with "annotations" read as editor-data.js reads them."""
    settings = editor_settings(client.get(article.get_absolute_url()).content.decode())
    response = client.get(settings["annotationsUrl"])
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return {**settings, "annotations": response.json()}


def schemaorg_claims(html):
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    graph = json.loads(script[1])["@graph"]
    return [node["url"].rsplit("#a-", 1)[1] for node in graph if node["@type"] == "Claim"]


def annotate(paragraphs, count, user=None):
    """`count` more annotations spread over `paragraphs`, each with its own tags and actor."""
    for n in range(count):
        make_annotation(
            paragraphs[n % len(paragraphs)],
            WORDS[n % len(WORDS)],
            kind=("claim", "actor", "source")[n % 3],
            actor=make_actor(f"فاعل رقم {n}", kind="person"),
            tags=[f"وسم {n}", "وسم مشترك"],
            note=f"ملاحظة {n}" if n % 2 else "",
            user=user,
        )


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_the_page_takes_as_many_queries_with_50_tagged_annotations_as_with_1(client, request, who):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH] * 10)
    paragraphs = list(article.paragraphs.all())
    user = request.getfixturevalue("editor")
    if who == "editor":
        client.force_login(user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        return len(captured), response.content.decode()

    annotate(paragraphs, 1, user)
    few, _ = queries()
    annotate(paragraphs, 49, user)
    many, html = queries()

    assert many == few
    assert html.count('class="card card-') == 50
    assert html.count('<a class="tag"') == 100


def test_the_editors_data_for_each_annotation_is_what_the_api_answers(
    client, editor, django_user_model
):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    paragraph = article.paragraphs.get()
    putin = make_actor("فلاديمير بوتين", kind="person")
    putin.name_en, putin.wikidata_id, putin.country = "Vladimir Putin", "Q7747", "RUS"
    putin.save()
    by_email = django_user_model.objects.create_user("someone@example.org", password="x")
    claim = make_claim(paragraph, actor=putin, tags=["عودة اللاجئين", "SY24"], user=by_email)
    claim.note = "ملاحظة «مهمة» <b>"
    claim.save()
    make_annotation(paragraph, "الحدث", kind="actor", actor=putin)
    client.force_login(editor)

    data = editor_data(client, article)

    assert len(data["annotations"]) == 3
    for pk, json_on_page in data["annotations"].items():
        answer = client.get(f"/api/annotations/{pk}/").json()
        answer.pop("@context")
        assert json_on_page == answer
    assert "someone@example.org" not in json.dumps(data, ensure_ascii=False)
    assert data["canAddActor"] is True and data["articleUrl"].endswith(article.get_absolute_url())


def test_a_new_claim_reaches_the_schemaorg_data_and_the_editors_data_at_once(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    paragraph = article.paragraphs.get()
    first = make_claim(paragraph, specificity=None)
    client.force_login(editor)
    assert list(editor_data(client, article)["annotations"]) == [str(first.pk)]
    client.logout()
    assert schemaorg_claims(client.get(article.get_absolute_url()).content.decode()) == [
        str(first.pk)
    ]

    second = make_annotation(paragraph, "وزارة الدفاع الروسية", kind="claim")
    html = client.get(article.get_absolute_url()).content.decode()

    assert sorted(schemaorg_claims(html)) == sorted([str(first.pk), str(second.pk)])
    client.force_login(editor)
    data = editor_data(client, article)
    assert sorted(data["annotations"]) == sorted([str(first.pk), str(second.pk)])


def test_a_changed_note_and_a_deleted_annotation_leave_the_editors_data(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    paragraph = article.paragraphs.get()
    kept = make_annotation(paragraph, "الحدث يهدف", note="قديمة")
    gone = make_annotation(paragraph, "وزارة الدفاع الروسية", kind="source")
    client.force_login(editor)
    client.get(article.get_absolute_url())

    annotation_update(kept, user=editor, note="جديدة")
    annotation_delete(gone)
    data = editor_data(client, article)

    (only,) = data["annotations"].values()
    assert only["body"][-1]["value"] == "جديدة"
    assert not Annotation.objects.filter(pk=gone.pk).exists()


def test_stored_text_cannot_close_the_editors_data_script(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH])
    make_annotation(
        article.paragraphs.get(), "الحدث يهدف", note="</script><script>alert(1)</script>"
    )
    client.force_login(editor)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in html
    assert editor_settings(html)["cues"]
    (note,) = editor_data(client, article)["annotations"].values()
    assert note["body"][-1]["value"] == "</script><script>alert(1)</script>"
