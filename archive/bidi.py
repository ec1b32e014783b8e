"""Isolate left-to-right runs inside Arabic text at render time.

A Latin name or a number inside an Arabic sentence is wrapped in <bdi> so that
its neighbours' punctuation cannot reorder it ("SY24،" must not become
"،SY24"). The stored text never changes: this runs on the way out, after
escaping.

A run is isolated once, whole, whatever else cuts it: a highlight that covers
«Putin» of «Vladimir Putin» nests inside the run's <bdi>. Isolating each piece
instead would make the pieces neutral to each other, and the paragraph's
right-to-left order would swap them («Putin Vladimir», «24SY»).
"""

import re
from collections.abc import Callable, Iterable
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_LTR_CHAR = r"A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9"
# Combining marks and variation selectors stay with the character before them, so a
# run never ends inside what is drawn as one character (the keycap 1️⃣, an «é»
# typed as e + U+0301).
_MARKS = r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
_WORD = rf"[{_LTR_CHAR}][{_LTR_CHAR}{_MARKS}]*"
# A run starts and ends with a letter or digit; inside it may hold the
# punctuation that binds Latin words and numbers together ("6.5", "Jean-Luc",
# "Vasily Nebenzia", "11/2020"). A «+» opening a number is its sign
# («+963 11 234 5678»), unless it follows a letter or digit («1+1»).
# The first lookahead lets the scan skip Arabic at the speed of a plain character class.
LTR_RUN_RE = re.compile(
    rf"(?=[+{_LTR_CHAR}])(?:(?<![{_LTR_CHAR}])\+(?=[0-9\u0660-\u0669\u06f0-\u06f9]))?"
    rf"{_WORD}(?:[ .,:/\-_'’%]{_WORD})*"
)


def isolate_ltr_runs(text: str) -> SafeString:
    """Escape `text` and wrap each Latin or numeric run in <bdi>."""
    parts, last = [], 0
    for match in LTR_RUN_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<bdi>{escape(match.group())}</bdi>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 every piece was escaped above


def isolate_pieces(
    text: str,
    cuts: Iterable[int],
    piece: Callable[[int, int], str],
    start: int = 0,
    end: int | None = None,
) -> SafeString:
    """text[start:end] as HTML: cut at `cuts` and at the edges of its left-to-right runs,
    each piece written by `piece(a, b)` (which escapes text[a:b] and adds its own marks),
    and every run's pieces inside one <bdi>.

    `piece` must close what it opens, so that the <bdi> around a run nests cleanly.
    """
    end = len(text) if end is None else end
    runs = [(m.start(), m.end()) for m in LTR_RUN_RE.finditer(text, start, end)]
    edges = {start, end}
    edges.update(cut for cut in cuts if start < cut < end)
    for a, b in runs:
        edges.update((a, b))
    html, runs_left, open_run = [], iter(runs), None
    run = next(runs_left, None)
    for a, b in pairwise(sorted(edges)):
        if open_run and a >= open_run[1]:
            html.append("</bdi>")
            open_run = None
        if run and a == run[0]:
            html.append("<bdi>")
            open_run, run = run, next(runs_left, None)
        html.append(piece(a, b))
    if open_run:
        html.append("</bdi>")
    return mark_safe("".join(html))  # noqa: S308 every piece escapes its own text
