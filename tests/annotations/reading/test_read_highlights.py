"""The reading page shows every annotation highlighted, with a card, in a constant number of queries."""

import re
from html import unescape

import pytest

from annotations.models import Annotation
from annotations.reading.rendering import render_paragraph
from archive.bidi import LTR_RUN_RE
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


class Stored:
    """An annotation as the table holds it, whatever rules held when it was saved."""

    def __init__(self, pk, kind, start, end, anchor_state="anchored"):
        self.pk, self.kind, self.start, self.end = pk, kind, start, end
        self.anchor_state = anchor_state


def marked_text(html, pk):
    """The text inside the marks of annotation `pk`, joined."""
    return "".join(
        visible_text(piece)
        for piece in re.findall(rf"<mark [^>]*data-a=\"{pk}\"[^>]*>([^<]*)", html)
    )


@pytest.mark.parametrize(
    ("text", "start", "end", "shown"),
    [
        ("مؤتمر اللاجئين", 0, 9, "مؤتمر اللا"),  # «الل|اجئين»: the alef is painted with its lam
        ("مؤتمر اللاجئين", 9, 14, "لاجئين"),
        ("قالوا لَا عودة", 7, 9, "لَا"),  # from the fatha: the lam comes along
        ("انعقد المُؤتَمَر", 6, 9, "المُ"),  # the damma stays with its mim
        ("رفع 🇸🇾 في حمص", 5, 9, "🇸🇾 في"),
    ],
)
def test_a_stored_boundary_inside_a_glyph_is_painted_at_the_glyphs_edge(text, start, end, shown):
    html = render_paragraph(text, [Stored(1, "claim", start, end)])

    assert visible_text(html) == text
    assert marked_text(html, 1) == shown


def test_a_stored_boundary_inside_lam_alef_is_shown_whole_and_kept_as_stored(client):
    text = "عقد في دمشق مؤتمر اللاجئين السوريين"
    article = make_article(paragraphs=[text])
    start, end = text.index("مؤتمر"), text.index("اللاجئين") + 3
    claim = Annotation.objects.create(
        paragraph=article.paragraphs.get(),
        kind="claim",
        start=start,
        end=end,
        exact=text[start:end],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert marked_text(html, claim.pk) == "مؤتمر اللا"
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.exact) == (start, end, "مؤتمر الل")


@pytest.mark.parametrize(
    ("text", "piece", "html"),
    [
        (
            "قال Vladimir Putin إن",
            "Putin",
            'قال <bdi>Vladimir <span class="anchor" id="a-1"></span>'
            '<mark class="hl hl-actor" data-a="1" tabindex="0" aria-describedby="card-1">'
            "Putin</mark></bdi> إن",
        ),
        (
            "منصة SY24 نشرت",
            "منصة SY",
            '<span class="anchor" id="a-1"></span>'
            '<mark class="hl hl-actor" data-a="1" tabindex="0" aria-describedby="card-1">'
            'منصة </mark><bdi><mark class="hl hl-actor" data-a="1">SY</mark>24</bdi> نشرت',
        ),
    ],
)
def test_a_latin_run_keeps_one_isolate_when_a_highlight_cuts_it(text, piece, html):
    at = text.index(piece)

    assert render_paragraph(text, [Stored(1, "actor", at, at + len(piece))]) == html


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("قال Vladimir Putin إن", ["Vladimir", "Putin", "dimir Pu"]),
        ("اتصل على +963 11 234 5678 مساء", ["+963", "11 234", "5678", "على +963 11"]),
        ("حسب منصة SY24 اليوم", ["SY", "24", "منصة SY"]),
        ("في 2020-11-09 عُقد", ["2020", "11", "09 عُقد"]),
    ],
)
def test_every_run_is_one_bdi_whatever_part_is_marked(text, pieces):
    spans = [
        Stored(number, "claim", text.index(piece), text.index(piece) + len(piece))
        for number, piece in enumerate(pieces, start=1)
    ]
    runs = [m.group() for m in LTR_RUN_RE.finditer(text)]

    html = render_paragraph(text, spans)

    isolated = [visible_text(inner) for inner in re.findall(r"<bdi>(.*?)</bdi>", html)]
    assert isolated == runs
    assert visible_text(html) == text


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


def test_a_card_isolates_the_latin_runs_of_its_source_quote(client):
    article = make_article(paragraphs=[TEXT])
    paragraph = article.paragraphs.get()
    source = make_annotation(paragraph, "حسب منصة SY24", kind="source")
    make_annotation(paragraph, "الحدث يهدف", via=source)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<bdi>حسب منصة <bdi>SY24</bdi></bdi>" in html
