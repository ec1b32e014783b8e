"""The reader's words marked in the text as published: every hit, and only hits.

A word is marked when the index would find it for the query: the snippet
takes the text's words with the index's own function (indexed_words) and
tests them with the same forms the databases match (archive.normalise.
words_meet); phrases and quoted words are the index's words as written, in
order. When the approximate search found the row, what it looked for inside
longer words is marked instead. fold_with_map() leads each match back to the
published characters, so snippets keep hamza, harakat and tatweel. Every
piece of text is escaped before <mark> is added around it.
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.bidi import isolate_pieces
from archive.normalise import fold_with_map, words_meet
from archive.search.index import indexed_words
from archive.search.query import ParsedQuery

SNIPPET_LENGTH = 240
LEAD_IN = 70
# A page marks the same few query words in dozens of texts full of the same words.
_meet = lru_cache(maxsize=65_536)(words_meet)
# Embedding and override controls could reorder the rest of the page; a
# snippet is a view of the text, so it leaves them out.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def match_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Spans of `text` (published characters) that the query's words or phrases match."""
    folded, where = fold_with_map(text)
    found = indexed_words(folded)

    def published(start, end):
        return where[start], (where[end] if end < len(where) else len(text))

    if query.approximate:
        spans = [published(s, e) for s, e in _substrings(found, query)]
        return _merge(spans)
    spans = []
    words = [item.word for item in found]
    terms = [(term.words, len(term.words), term.matches_forms) for term in query.terms]
    for index, item in enumerate(found):
        for term_words, length, by_forms in terms:
            if by_forms:
                hit = _meet(item.word, term_words[0])
            else:
                hit = tuple(words[index : index + length]) == term_words
            if hit:
                last = found[index + length - 1]
                spans.append(published(item.start, last.end))
    return _merge(spans)


def _substrings(found, query: ParsedQuery):
    """(start, end) in the folded text of what the approximate search found in the index's body.

    The body is the words one space apart and one line per line (see
    archive.search.index); each of its characters is traced back to the text.
    """
    body, origin = [], []
    for index, item in enumerate(found):
        if index:
            body.append("\n" if item.line != found[index - 1].line else " ")
            origin.append(None)
        body.append(item.word)
        origin.extend(range(item.start, item.end))
    body = "".join(body)
    for term in query.terms:
        wanted = term.substring
        start = body.find(wanted)
        while wanted and start != -1:
            end = start + len(wanted)
            # A separator at either end stands for the text's own between the words.
            first = next(o for o in origin[start:end] if o is not None)
            last = next(o for o in reversed(origin[start:end]) if o is not None)
            yield first, last + 1
            start = body.find(wanted, start + 1)


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

    def piece(a, b):
        shown = escape(_BIDI_CONTROLS.sub("", text[a:b]))
        return f"<mark>{shown}</mark>" if any(s <= a and b <= e for s, e in spans) else shown

    return isolate_pieces(text, [edge for span in spans for edge in span], piece, start, end)


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
