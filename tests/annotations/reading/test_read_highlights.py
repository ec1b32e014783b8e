"""The reading page shows every annotation highlighted, with a card, in a constant number of queries."""

import re
from html import unescape

import pytest

from annotations.reading.rendering import render_paragraph
from tests.factories import make_actor, make_annotated_article, make_annotation, make_article

pytestmark = pytest.mark.django_db

TEXT = "وادعت وزارة الدفاع الروسية أن الحدث يهدف إلى إعطاء دفعة إضافية حسب منصة SY24."


def visible_text(html):
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_an_actor_inside_a_claim_renders_both_marks_and_keeps_the_text(client):
    article = make_article(paragraphs=[TEXT])
    paragraph = article.paragraphs.get()
    ministry = make_actor()
    claim = make_annotation(
        paragraph, "وزارة الدفاع الروسية أن الحدث يهدف", actor=ministry, cue="وادعت"
    )
    mention = make_annotation(paragraph, "وزارة الدفاع الروسية", kind="actor", actor=ministry)

    html = client.get(article.get_absolute_url()).content.decode()

    body = html[html.index('<p id="p-1"') : html.index("</p>", html.index('<p id="p-1"'))]
    assert visible_text(body.split(">", 1)[1]) == TEXT
    assert f'<mark class="hl hl-claim" data-a="{claim.pk}"' in body
    assert f'<mark class="hl hl-actor" data-a="{mention.pk}"' in body
    # the mention is nested inside the claim's mark
    assert re.search(
        rf'<mark class="hl hl-claim" data-a="{claim.pk}"[^>]*><mark class="hl hl-actor" data-a="{mention.pk}"',
        body,
    )
    assert f'id="a-{claim.pk}"' in body and f'id="a-{mention.pk}"' in body
    assert f'id="card-{claim.pk}"' in html and "وادعت" in html


def test_overlapping_spans_are_cut_at_every_boundary():
    class Span:
        def __init__(self, pk, kind, start, end):
            self.pk, self.kind, self.start, self.end, self.anchor_state = (
                pk,
                kind,
                start,
                end,
                "anchored",
            )

    html = render_paragraph("أبجد هوز حطي", [Span(1, "claim", 0, 8), Span(2, "source", 5, 12)])

    assert visible_text(html) == "أبجد هوز حطي"
    assert html.count('data-a="1"') == 2 and html.count('data-a="2"') == 2
    assert re.search(
        r'<span class="anchor" id="a-2"></span><mark class="hl hl-claim" data-a="1">'
        r'<mark class="hl hl-source" data-a="2"[^>]*>هوز</mark></mark>',
        html,
    )


def test_orphaned_annotations_are_not_highlighted(client):
    article = make_article(paragraphs=[TEXT])
    annotation = make_annotation(article.paragraphs.get(), "الحدث يهدف")
    annotation.anchor_state = "orphaned"
    annotation.save()

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<mark class="hl' not in html.split('class="legend"')[1].split("</ul>", 1)[1]


def test_hostile_note_tag_and_actor_text_is_inert_and_isolated(client, editor):
    article = make_article(paragraphs=[TEXT])
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u202eعكس'
    actor = make_actor(hostile, kind="person")
    make_annotation(
        article.paragraphs.get(),
        "الحدث يهدف",
        actor=actor,
        note=hostile,
        tags=[hostile[:40]],
        user=editor,
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # names and tags sit in <bdi>, notes in dir="auto": a U+202E cannot reorder what follows
    assert (
        "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\u202eعكس</bdi>"
        in html
    )
    assert 'dir="auto">&lt;script&gt;' in html


def test_a_reader_sees_highlights_but_no_editor_tools(client, reader):
    article = make_article(paragraphs=[TEXT])
    make_annotation(article.paragraphs.get(), "الحدث يهدف")
    client.force_login(reader)

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="hl hl-claim"' in html
    assert (
        "editor-form" not in html and "editor.js" not in html and 'data-action="edit"' not in html
    )


def test_an_editor_gets_the_form_and_edit_buttons_only_on_own_annotations(
    client, editor, other_editor
):
    article = make_article(paragraphs=[TEXT])
    mine = make_annotation(article.paragraphs.get(), "الحدث يهدف", user=editor)
    theirs = make_annotation(article.paragraphs.get(), "دفعة إضافية", user=other_editor)
    client.force_login(editor)

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'id="editor-form"' in html and "js/editor.js" in html
    assert f'data-action="edit" data-a="{mine.pk}"' in html
    assert f'data-action="edit" data-a="{theirs.pk}"' not in html


@pytest.mark.parametrize("count", [0, 10, 500])
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_query_count_is_constant_with_0_10_or_500_annotations(
    client, django_assert_max_num_queries, request, count, who
):
    article = make_annotated_article(count)
    if who == "editor":
        client.force_login(request.getfixturevalue("editor"))

    # article, paragraphs, annotations, tags; an editor adds session, user, permissions
    with django_assert_max_num_queries(4 if who == "anonymous" else 8):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count('class="card card-') == count
