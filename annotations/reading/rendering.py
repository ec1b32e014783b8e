"""Highlights: a paragraph's text cut at every annotation boundary into <mark> segments.

Cutting at every start and end lets spans nest and overlap (an actor inside a
claim is the usual case): each segment carries one <mark> per annotation that
covers it, outermost first. Marks only colour and underline, so Arabic letters
keep joining across segment edges. Each annotation gets an empty
<span id="a-ID"> where it starts, for permalinks.

Two things no segment edge may do, whatever is stored:

- cut what is drawn as one glyph. A stored boundary inside a lam-alef, between a
  letter and its harakat or inside a grapheme cluster (saved before the rule, or
  by an old import) is painted widened to the glyph's edges
  (anchoring.whole_span): a cut lam-alef would otherwise lose its alef on screen.
  The stored offsets stay as they are.
- break a left-to-right run. Latin names and numbers are isolated over the whole
  paragraph (archive.bidi.isolate_pieces), and the marks nest inside the run's
  <bdi>, so «Vladimir Putin» stays in its order with a mark on «Putin».
"""

from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from annotations.anchoring import whole_span
from archive.bidi import isolate_ltr_runs, isolate_pieces


def render_paragraph(text: str, annotations: Iterable) -> SafeString:
    spans = sorted(
        (
            (*whole_span(text, a.start, a.end), a)
            for a in annotations
            if a.anchor_state != "orphaned" and 0 <= a.start < a.end <= len(text)
        ),
        key=lambda span: (span[0], -span[1], span[2].pk),
    )
    if not spans:
        return isolate_ltr_runs(text)

    def segment(left: int, right: int) -> str:
        html = [
            format_html('<span class="anchor" id="a-{}"></span>', a.pk)
            for start, _, a in spans
            if start == left
        ]
        covering = [(start, a) for start, end, a in spans if start <= left and end >= right]
        for start, a in covering:
            html.append(
                format_html(
                    '<mark class="hl hl-{}" data-a="{}"{}>',
                    a.kind,
                    a.pk,
                    mark_safe(f' tabindex="0" aria-describedby="card-{a.pk}"')  # noqa: S308 int pk only
                    if start == left
                    else "",
                )
            )
        html.append(escape(text[left:right]))
        html.append("</mark>" * len(covering))
        return "".join(html)

    cuts = {edge for start, end, _ in spans for edge in (start, end)}
    return isolate_pieces(text, cuts, segment)
