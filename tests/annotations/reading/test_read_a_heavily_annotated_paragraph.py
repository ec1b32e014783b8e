"""A paragraph with many nested and overlapping annotations reads as one with few: the same
marks on every piece, in time that follows the number of spans, not its square."""

import random
import re
import time
from html import unescape

from django.utils.html import escape

from annotations.anchoring import whole_span
from annotations.reading.rendering import render_paragraph
from archive.bidi import isolate_pieces

TEXT = (
    "قال المتحدث باسم وزارة الدفاع الروسية إن الوفد وصل إلى دمشق صباح اليوم، "
    "وادعت الوزارة أن «الحدث» يهدف إلى إعطاء دفعة إضافية للاجئين حسب منصة SY24 "
    "وVladimir Putin يوم ٢٠٢٤/٧/٢٦ في حمص 🇸🇾 والمُؤتَمَر <مفتوح> & «عودة»."
)


class Span:
    def __init__(self, pk, kind, start, end, anchor_state="anchored"):
        self.pk, self.kind, self.start, self.end = pk, kind, start, end
        self.anchor_state = anchor_state


def covering_marks_by_definition(text, annotations):
    """What every piece shows, written straight from the rule: each piece, cut at every
    boundary, carries one <mark> per annotation covering it, outermost first, and an
    anchor where an annotation starts. Quadratic; the page must give the same HTML."""
    spans = sorted(
        (
            (*whole_span(text, a.start, a.end), a)
            for a in annotations
            if a.anchor_state != "orphaned" and 0 <= a.start < a.end <= len(text)
        ),
        key=lambda span: (span[0], -span[1], span[2].pk),
    )

    def piece(left, right):
        html = [f'<span class="anchor" id="a-{a.pk}"></span>' for s, _, a in spans if s == left]
        covering = [(s, a) for s, e, a in spans if s <= left and e >= right]
        for s, a in covering:
            first = f' tabindex="0" aria-describedby="card-{a.pk}"' if s == left else ""
            html.append(f'<mark class="hl hl-{a.kind}" data-a="{a.pk}"{first}>')
        html.append(escape(text[left:right]))
        html.append("</mark>" * len(covering))
        return "".join(html)

    return isolate_pieces(text, {edge for s, e, _ in spans for edge in (s, e)}, piece)


def random_spans(rng, count, text=TEXT):
    spans = []
    for pk in range(1, count + 1):
        start = rng.randrange(0, len(text) - 1)
        end = rng.randrange(start + 1, min(len(text), start + rng.choice((3, 12, 40, 200))) + 1)
        state = rng.choice(("anchored", "anchored", "moved", "orphaned"))
        spans.append(Span(pk, rng.choice(("claim", "source", "actor")), start, end, state))
    return spans


def test_every_piece_shows_the_marks_of_exactly_the_annotations_covering_it():
    rng = random.Random(14)
    for round_ in range(300):
        spans = random_spans(rng, rng.choice((1, 2, 3, 5, 8, 20, 60)))
        # Same starts, same ends and whole duplicates too, as editors make them.
        if round_ % 3 == 0:
            twin = spans[0]
            spans.append(Span(len(spans) + 1, "actor", twin.start, twin.end))

        assert render_paragraph(TEXT, spans) == covering_marks_by_definition(TEXT, spans)


def test_many_spans_keep_the_text_whole_and_each_annotation_one_anchor():
    spans = random_spans(random.Random(7), 400)
    shown = [s for s in spans if s.anchor_state != "orphaned"]

    html = render_paragraph(TEXT, spans)

    assert unescape(re.sub(r"<[^>]+>", "", html)) == TEXT
    assert html.count('<span class="anchor"') == len(shown)
    assert html.count("tabindex") == len(shown)
    assert html.count("<mark") == html.count("</mark>")


def test_ten_times_the_spans_take_about_ten_times_as_long_not_a_hundred():
    rng = random.Random(3)

    def seconds(count):
        # As many spans per word in both: the work a piece needs (its marks) is the same.
        text = TEXT * (count // 50)
        spans = random_spans(rng, count, text)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            render_paragraph(text, spans)
            best = min(best, time.process_time() - started)
        return best

    small, large = seconds(200), seconds(2000)

    # Linear gives about ×10; scanning every span for every piece gives about ×100.
    assert large < small * 30
