"""After a save, the editor reads back one paragraph: its element, its cards and their W3C
JSON exactly as the whole page has them, in a constant number of queries; nobody else can."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from tests.factories import (
    CLAIM_PARAGRAPH,
    make_actor,
    make_annotation,
    make_article,
    make_claim,
    orphan,
)

pytestmark = pytest.mark.django_db

OTHER = "وقال بوتين إن حجم الكارثة الإنسانية في سوريا لا يزال كبيرا 😀 على حد تعبيره."


def fragment_url(article, position):
    return reverse(
        "annotations:paragraph_fragment", kwargs={"slug": article.slug, "position": position}
    )


def page_paragraph(html, position):
    return re.search(rf'<p id="p-{position}" data-position="{position}">.*?</p>\n', html, re.S)[
        0
    ].rstrip("\n")


def page_cards(html):
    return re.findall(r'<article class="card .*?</article>', html, re.S)


def page_editor_data(client, html):
    """The annotations' W3C JSON the editor holds: from the address its page names."""
    script = re.search(r'<script id="editor-data" type="application/json">(.*?)</script>', html)
    return client.get(json.loads(script[1])["annotationsUrl"]).json()


@pytest.fixture
def busy_article(editor, other_editor):
    """Two paragraphs: a claim through a source by a named speaker, an actor inside the claim,
    tags, a note with markup, someone else's annotation, an orphan; and one on paragraph 2."""
    article = make_article(paragraphs=[CLAIM_PARAGRAPH, OTHER])
    first, second = article.paragraphs.order_by("position")
    ministry = make_actor()
    claim = make_claim(first, actor=ministry, tags=["عودة اللاجئين", "SY24"], user=editor)
    claim.note = "ملاحظة <b>مهمة</b> عن «الحدث»"
    claim.save()
    make_annotation(first, "الحدث", kind="actor", actor=make_actor("الحدث", kind="other"))
    make_annotation(first, "إعطاء دفعة", user=other_editor, tags=["وسم آخر"])
    orphan(make_annotation(first, "إضافية", user=editor))
    make_annotation(second, "بوتين", kind="actor", actor=make_actor("بوتين", kind="person"))
    return article


def test_the_fragment_is_the_paragraph_its_cards_and_their_data_as_on_the_page(
    client, editor, busy_article
):
    client.force_login(editor)
    page = client.get(busy_article.get_absolute_url()).content.decode()
    first = busy_article.paragraphs.get(position=1)

    response = client.get(fragment_url(busy_article, 1))

    assert response.status_code == 200
    fragment = response.json()
    assert fragment["paragraph"] == {
        "id": first.pk,
        "position": 1,
        "html": page_paragraph(page, 1),
    }
    # The paragraph's cards, in the page's order and byte for byte; the other paragraph's stay out.
    cards_on_page = [c for c in page_cards(page) if f'data-paragraph="{first.pk}"' in c]
    assert [c["html"] for c in fragment["cards"]] == cards_on_page and len(cards_on_page) == 4
    assert [c["id"] for c in fragment["cards"]] == [
        int(re.search(r'id="card-(\d+)"', c)[1]) for c in cards_on_page
    ]
    # The editor's data of each of the paragraph's annotations, the orphan too, as the page has it.
    on_page = page_editor_data(client, page)
    in_paragraph = Annotation.objects.filter(paragraph=first)
    assert set(fragment["annotations"]) == {
        str(pk) for pk in in_paragraph.values_list("pk", flat=True)
    }
    assert fragment["annotations"] == {pk: on_page[pk] for pk in fragment["annotations"]}


def test_every_card_names_its_paragraph(client, editor, busy_article):
    client.force_login(editor)
    html = client.get(busy_article.get_absolute_url()).content.decode()
    ids = dict(busy_article.paragraphs.values_list("position", "pk"))

    cards = page_cards(html)

    assert len(cards) == 5
    assert [re.search(r'data-paragraph="(\d+)"', c)[1] for c in cards] == [str(ids[1])] * 4 + [
        str(ids[2])
    ]


def test_the_buttons_in_the_fragments_cards_are_the_editors_own(client, editor, busy_article):
    client.force_login(editor)

    cards = client.get(fragment_url(busy_article, 1)).json()["cards"]

    mine = [c for c in cards if 'data-action="edit"' in c["html"]]
    claim = Annotation.objects.get(kind="claim", exact__startswith="الحدث يهدف")
    source = Annotation.objects.get(kind="source")
    assert sorted(c["id"] for c in mine) == sorted([claim.pk, source.pk])


def test_a_reader_or_a_visitor_gets_404(client, reader, busy_article):
    assert client.get(fragment_url(busy_article, 1)).status_code == 404
    client.force_login(reader)

    response = client.get(fragment_url(busy_article, 1))

    assert response.status_code == 404
    assert response.json() == {"error": "لا توجد هذه الفقرة."}


def test_a_missing_paragraph_or_article_is_404_not_an_error(client, editor, busy_article):
    client.force_login(editor)

    assert client.get(fragment_url(busy_article, 3)).status_code == 404
    assert client.get(fragment_url(busy_article, 0)).status_code == 404
    missing = "/articles/ليس-هنا/paragraphs/1/fragment/"
    assert client.get(missing).status_code == 404
    assert client.post(fragment_url(busy_article, 1)).status_code == 405


def test_a_draft_is_404_to_whoever_cannot_see_it_and_shown_to_an_editor(
    client, editor, django_user_model
):
    draft = make_article(paragraphs=[CLAIM_PARAGRAPH], status="draft")
    make_annotation(draft.paragraphs.get(), "الحدث يهدف")
    # May annotate but not view articles (so not drafts): the permission given alone.
    annotator = django_user_model.objects.create_user("wasim", password="x")
    annotator.user_permissions.add(Permission.objects.get(codename="add_annotation"))
    client.force_login(annotator)
    assert client.get(fragment_url(draft, 1)).status_code == 404
    published = make_article(paragraphs=[CLAIM_PARAGRAPH])
    assert client.get(fragment_url(published, 1)).status_code == 200
    client.force_login(editor)

    fragment = client.get(fragment_url(draft, 1)).json()

    (data,) = fragment["annotations"].values()
    assert data["articleStatus"] == "draft"


def test_the_fragment_takes_the_same_queries_for_1_or_40_annotations(client, editor):
    article = make_article(paragraphs=[CLAIM_PARAGRAPH, OTHER])
    first, second = article.paragraphs.order_by("position")
    source = make_annotation(second, "بوتين", kind="source", actor=make_actor("بوتين"))
    client.force_login(editor)

    def queries():
        client.get(fragment_url(article, 1))  # session and permissions read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(fragment_url(article, 1)).status_code == 200
        return len(captured)

    make_annotation(first, "الحدث", kind="claim", via=source, tags=["وسم"])
    few = queries()
    words = CLAIM_PARAGRAPH.split()
    for n in range(39):
        make_annotation(
            first,
            words[n % len(words)],
            kind="claim" if n % 2 else "actor",
            actor=make_actor(f"فاعل {n}"),
            via=source if n % 2 else None,
            tags=[f"وسم {n}", "وسم"],
            user=editor,
        )
    many = queries()

    assert many == few
