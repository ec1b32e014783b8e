"""POST /api/annotations/: an editor records a span as a claim, source or actor."""

import pytest
from django.test import Client

from annotations.models import Annotation
from tests.annotations.api import annotation_body, send
from tests.factories import make_actor, make_annotation, make_article

pytestmark = pytest.mark.django_db
URL = "/api/annotations/"


@pytest.fixture
def paragraph():
    return make_article(
        paragraphs=[
            "وفي السياق ذاته 😀، ادعت وزارة الدفاع الروسية، حسب مصادر روسية، أن روسيا تخطط لتسليم 160 طنا."
        ]
    ).paragraphs.get()


def test_editor_creates_a_claim_with_speaker_source_cue_tags_and_note(client, editor, paragraph):
    ministry = make_actor(aliases=["الوزارة"])
    source = make_annotation(paragraph, "حسب مصادر روسية", kind="source")
    client.force_login(editor)

    response = send(
        client,
        "post",
        URL,
        annotation_body(
            paragraph,
            "روسيا تخطط لتسليم 160 طنا",
            actor=ministry,
            via=source,
            cue="ادعت",
            tags=["المساعدات الإنسانية"],
            note="لم يُذكر موعد التسليم.",
        ),
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    claim = Annotation.objects.get(kind="claim")
    assert response["Location"].endswith(f"/api/annotations/{claim.pk}/")
    assert claim.exact == "روسيا تخطط لتسليم 160 طنا"
    assert paragraph.text[claim.start : claim.end] == claim.exact
    assert (claim.actor, claim.via, claim.cue, claim.created_by) == (
        ministry,
        source,
        "ادعت",
        editor,
    )
    assert list(claim.tags.names()) == ["المساعدات الإنسانية"]
    position = next(s for s in data["target"]["selector"] if s["type"] == "TextPositionSelector")
    assert (position["start"], position["end"]) == (claim.start, claim.end)
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert {"purpose": "commenting"}.items() <= next(
        b for b in data["body"] if b["purpose"] == "commenting"
    ).items()


def test_offsets_are_code_points_after_an_emoji(client, editor, paragraph):
    client.force_login(editor)
    exact = "وزارة الدفاع الروسية"
    start = paragraph.text.index(exact)
    utf16_start = len(paragraph.text[:start].encode("utf-16-le")) // 2
    assert utf16_start == start + 1  # the emoji before the span

    response = send(
        client,
        "post",
        URL,
        annotation_body(paragraph, exact, kind="actor", actor=make_actor(), start=start),
    )

    assert response.status_code == 201
    assert Annotation.objects.get().start == start


@pytest.mark.parametrize(
    ("start", "end"),
    [(-3, 4), (10, 5), (0, 10_000), (7, 7)],
)
def test_invalid_offsets_are_400_and_nothing_is_saved(client, editor, paragraph, start, end):
    client.force_login(editor)
    body = annotation_body(paragraph, "ادعت", start=start, end=end)
    body["target"]["selector"] = [body["target"]["selector"][1]]  # positions only

    response = send(client, "post", URL, body)

    assert response.status_code == 400
    assert response.json()["error"]
    assert Annotation.objects.count() == 0


def test_a_quote_no_longer_in_the_text_is_409(client, editor, paragraph):
    client.force_login(editor)
    body = annotation_body(paragraph, "ادعت", start=21, end=25)
    body["target"]["selector"][0]["exact"] = "زعمت"

    response = send(client, "post", URL, body)

    assert response.status_code == 409
    assert "لم يعد موجودًا" in response.json()["error"]
    assert Annotation.objects.count() == 0


def test_a_deleted_paragraph_is_400(client, editor, paragraph):
    client.force_login(editor)
    body = annotation_body(paragraph, "ادعت")
    paragraph.delete()

    response = send(client, "post", URL, body)

    assert response.status_code == 400
    assert "غير موجودة" in response.json()["error"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"{not json", 400),
        ("\ufffe".encode("utf-16"), 400),
        ('{"type": "Annotation"}', 400),
        ("[]", 400),
    ],
)
def test_malformed_requests_are_400(client, editor, payload, status):
    client.force_login(editor)

    response = send(client, "post", URL, payload)

    assert response.status_code == status
    assert "error" in response.json()


def test_unknown_kind_and_unknown_actor_are_400(client, editor, paragraph):
    client.force_login(editor)
    body = annotation_body(paragraph, "ادعت")
    body["body"][0]["value"] = "rumour"
    assert send(client, "post", URL, body).status_code == 400

    body = annotation_body(paragraph, "ادعت", kind="actor")
    body["body"].append(
        {
            "type": "SpecificResource",
            "purpose": "identifying",
            "role": "actor",
            "source": "http://testserver/actors/لا-أحد/",
        }
    )
    response = send(client, "post", URL, body)
    assert response.status_code == 400
    assert Annotation.objects.count() == 0


def test_oversized_note_and_request_are_400(client, editor, paragraph):
    client.force_login(editor)

    too_long = send(client, "post", URL, annotation_body(paragraph, "ادعت", note="ملاحظة " * 700))
    huge = send(client, "post", URL, annotation_body(paragraph, "ادعت", note="x" * 70_000))

    assert too_long.status_code == 400 and "note" in too_long.json()["fields"]
    assert huge.status_code == 400 and "كيلوبايت" in huge.json()["error"]
    assert Annotation.objects.count() == 0


def test_missing_csrf_token_is_403_json(editor, paragraph):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = send(client, "post", URL, annotation_body(paragraph, "ادعت"))

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert Annotation.objects.count() == 0


def test_with_the_csrf_token_the_same_request_succeeds(editor, paragraph):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(paragraph.article.get_absolute_url())  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value

    response = client.post(
        URL,
        annotation_body(paragraph, "ادعت"),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201


def test_a_quote_selector_alone_is_enough(client, editor, paragraph):
    client.force_login(editor)
    body = annotation_body(paragraph, "روسيا تخطط")
    body["target"]["selector"] = [
        {"type": "TextQuoteSelector", "exact": "روسيا تخطط", "prefix": "أن "}
    ]

    response = send(client, "post", URL, body)

    assert response.status_code == 201
    assert Annotation.objects.get().start == paragraph.text.index("روسيا تخطط")
    body["target"]["selector"][0]["exact"] = "كلمات ليست هنا"
    assert send(client, "post", URL, body).status_code == 409


def test_missing_annotation_and_article_are_404_json(client):
    assert client.get("/api/annotations/424242/").json()["error"]
    assert client.get("/api/articles/لا-يوجد/annotations/").status_code == 404
    assert client.get("/api/articles/لا-يوجد/annotations/").json()["error"]
