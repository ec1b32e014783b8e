"""The reader's words marked in the text as published.

Matching happens on the folded copy; fold_with_map() leads each match back to
the published characters, so snippets keep hamza, harakat and tatweel. Every
piece of text is escaped before <mark> is added around it.
"""

import re
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.bidi import LTR_RUN_RE
from archive.normalise import WORD_RE, fold_with_map, word_forms
from archive.search.query import ParsedQuery

SNIPPET_LENGTH = 240
LEAD_IN = 70
# Embedding and override controls could reorder the rest of the page; a
# snippet is a view of the text, so it leaves them out.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MIN_PREFIX = 3


def _wanted(query: ParsedQuery):
    words, exact, phrases = set(), set(), []
    for term in query.terms:
        if term.is_phrase:
            phrases.append(term.words)
        elif term.exact:
            exact.add(term.words[0])
        else:
            words.update(term.forms)
    return words, exact, phrases


def _word_matches(word: str, words: set, exact: set) -> bool:
    if word in exact:
        return True
    for form in word_forms(word):
        # The database stems and, failing that, finds words inside longer
        # words («لاجئ» in «اللاجئين»); mark those too.
        if any(form[:end] in words for end in range(_MIN_PREFIX, len(form) + 1)):
            return True
        if form in words:
            return True
    return False


def match_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Spans of `text` (published characters) that the query's words or phrases match."""
    folded, where = fold_with_map(text)
    tokens = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(folded)]
    words, exact, phrases = _wanted(query)

    def published(start, end):
        return where[start], (where[end] if end < len(where) else len(text))

    spans, matches = [], {}
    for index, (start, end, word) in enumerate(tokens):
        if word not in matches:
            matches[word] = _word_matches(word, words, exact)
        if matches[word]:
            spans.append(published(start, end))
        for phrase in phrases:
            run = tokens[index : index + len(phrase)]
            if tuple(token[2] for token in run) == phrase:
                spans.append(published(run[0][0], run[-1][1]))
    return _merge(spans)


def _merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans, start: int, end: int) -> str:
    """text[start:end] escaped, with <mark> around `spans` and <bdi> around Latin and numbers.

    Marks nest inside the isolates, so «٢٠٢١/١١/١١» stays one left-to-right run
    even when only «٢٠٢١» is marked.
    """
    runs = [(m.start(), m.end()) for m in LTR_RUN_RE.finditer(text, start, end)]
    cuts = {start, end}
    for a, b in [*spans, *runs]:
        cuts.update(cut for cut in (a, b) if start < cut < end)
    cuts = sorted(cuts)
    out, run_open, mark_open = [], None, False
    for a, b in pairwise(cuts):
        run = next((r for r in runs if r[0] <= a and b <= r[1]), None)
        marked = any(s <= a and b <= e for s, e in spans)
        if run != run_open:
            if mark_open:
                out.append("</mark>")
                mark_open = False
            if run_open:
                out.append("</bdi>")
            if run:
                out.append("<bdi>")
            run_open = run
        if marked != mark_open:
            out.append("<mark>" if marked else "</mark>")
            mark_open = marked
        out.append(escape(_BIDI_CONTROLS.sub("", text[a:b])))
    out.append(("</mark>" if mark_open else "") + ("</bdi>" if run_open else ""))
    return "".join(out)


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """All of `text`, escaped, with the matches marked (titles, names)."""
    return mark_safe(_render(text, match_spans(text, query), 0, len(text)))  # noqa: S308 escaped in _render


def snippet(text: str, query: ParsedQuery, length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters around the first match, cut at spaces, matches marked."""
    spans = match_spans(text, query)
    if len(text) <= length:
        start, end = 0, len(text)
    else:
        first = spans[0][0] if spans else 0
        start = max(0, first - LEAD_IN)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", max(start, first), end)
            end = space if space > start else end
    html = _render(text, spans, start, end)
    html = ("… " if start else "") + html + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 escaped in _render
