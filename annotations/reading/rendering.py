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
from functools import lru_cache
from html import escape
from typing import NamedTuple

from django.utils.safestring import SafeString

from annotations.anchoring import whole_span
from archive.bidi import isolate_ltr_runs, isolate_pieces


class Span(NamedTuple):
    """What the highlights read of an annotation."""

    pk: int
    start: int
    end: int
    kind: str
    anchor_state: str


def highlighted(text: str, annotations: Iterable) -> str:
    """render_paragraph(text, annotations), remembered by its inputs in this process.

    After a save, the page of a long article is built again for its new version,
    but all its paragraphs but one are as they were: each is then taken from here
    rather than cut again. The key is everything the highlights are made of (the
    text and each span's id, offsets, kind and state), so what is remembered is
    exactly what would be rebuilt, never an older page.
    """
    return _highlighted(
        text, tuple(Span(a.pk, a.start, a.end, a.kind, a.anchor_state) for a in annotations)
    )


@lru_cache(maxsize=4096)
def _highlighted(text: str, spans: tuple) -> str:
    return str(render_paragraph(text, spans))


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

    # One sweep over the boundaries, left to right: `covering` holds the spans
    # open over the current segment, in the sorted order (outermost first). A
    # span joins it at its start (after every span already open, which all
    # started earlier) and leaves at its end, so each segment costs what covers
    # it, not every span of the paragraph. What a segment opens is written once
    # per change of `covering`, not once per segment.
    starting: dict[int, list] = {}
    for start, end, a in spans:
        pk = escape(str(a.pk))
        mark = f'<mark class="hl hl-{escape(a.kind)}" data-a="{pk}"'
        starting.setdefault(start, []).append(
            (
                end,
                f'<span class="anchor" id="a-{pk}"></span>',
                f'{mark} tabindex="0" aria-describedby="card-{pk}">',
                f"{mark}>",
            )
        )
    ends = {end for _, end, _ in spans}
    covering: list = []
    reopened = ""  # the <mark>s of `covering`, without the attributes of a first piece

    def segment(left: int, right: int) -> str:
        nonlocal covering, reopened
        if covering and left in ends:
            covering = [span for span in covering if span[0] > left]
            reopened = "".join(span[3] for span in covering)
        new = starting.get(left)
        if new is None:
            if not covering:
                return escape(text[left:right])
            return f"{reopened}{escape(text[left:right])}{'</mark>' * len(covering)}"
        html = (
            "".join(span[1] for span in new)
            + reopened
            + "".join(span[2] for span in new)
            + escape(text[left:right])
        )
        covering = covering + new
        reopened += "".join(span[3] for span in new)
        return html + "</mark>" * len(covering)

    cuts = {edge for start, end, _ in spans for edge in (start, end)}
    return isolate_pieces(text, cuts, segment)
