"""Highlights: a paragraph's text cut at every annotation boundary into <mark> segments.

Cutting at every start and end lets spans nest and overlap (an actor inside a
claim is the usual case): each segment carries one <mark> per annotation that
covers it, outermost first. Marks only colour and underline, so Arabic letters
keep joining across segment edges. Each annotation gets an empty
<span id="a-ID"> where it starts, for permalinks.
"""

from collections.abc import Iterable
from itertools import pairwise

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from archive.bidi import isolate_ltr_runs


def render_paragraph(text: str, annotations: Iterable) -> SafeString:
    spans = sorted(
        (
            a
            for a in annotations
            if a.anchor_state != "orphaned" and 0 <= a.start < a.end <= len(text)
        ),
        key=lambda a: (a.start, -a.end, a.pk),
    )
    if not spans:
        return isolate_ltr_runs(text)
    cuts = sorted({0, len(text), *(a.start for a in spans), *(a.end for a in spans)})
    html = []
    for left, right in pairwise(cuts):
        covering = [a for a in spans if a.start <= left and a.end >= right]
        html.extend(
            format_html('<span class="anchor" id="a-{}"></span>', a.pk)
            for a in spans
            if a.start == left
        )
        for a in covering:
            first = a.start == left
            html.append(
                format_html(
                    '<mark class="hl hl-{}" data-a="{}"{}>',
                    a.kind,
                    a.pk,
                    mark_safe(f' tabindex="0" aria-describedby="card-{a.pk}"') if first else "",  # noqa: S308 int pk only
                )
            )
        html.append(isolate_ltr_runs(text[left:right]))
        html.append("</mark>" * len(covering))
    return mark_safe("".join(html))  # noqa: S308 built from format_html and escaped text
