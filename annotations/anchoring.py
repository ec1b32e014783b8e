"""Where a span sits in a paragraph: offsets in code points, plus its quote and context.

Offsets are Python string indices (Unicode code points). Browsers count UTF-16
units, so an emoji before a span shifts their numbers by one; the editor
script converts before sending, and this module trusts only the text.
"""

import unicodedata
from dataclasses import dataclass

CONTEXT_LENGTH = 32


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


def quote_at(text: str, start: int, end: int) -> Quote:
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def is_mark(char: str) -> bool:
    """Harakat and other combining marks belong to the letter before them."""
    return unicodedata.category(char) in {"Mn", "Me"}


def span_problems(text: str, start: int, end: int) -> list[str]:
    """Why (start, end) is not a usable span of `text`; empty when it is."""
    if start < 0 or end < 0:
        return ["المواضع لا تكون سالبة."]
    if start >= end:
        return ["يجب أن تسبق البداية النهاية."]
    if end > len(text):
        return [f"النهاية {end} تتجاوز طول الفقرة ({len(text)} محرفًا)."]
    problems = []
    if not text[start:end].strip():
        problems.append("التحديد فراغ فقط.")
    if is_mark(text[start]) or (end < len(text) and is_mark(text[end])):
        problems.append("التحديد يفصل حرفًا عن حركته.")
    return problems


def find_quote(text: str, exact: str, prefix: str = "", suffix: str = "", near: int = 0):
    """Re-find `exact` in `text`: (start, end) of the best occurrence, or None.

    Occurrences are ranked by how much of the prefix and suffix still match
    around them, then by closeness to the old position.
    """
    if not exact:
        return None
    best, best_rank = None, None
    at = text.find(exact)
    while at != -1:
        end = at + len(exact)
        context = _common_suffix(text[:at], prefix) + _common_prefix(text[end:], suffix)
        rank = (-context, abs(at - near))
        if best_rank is None or rank < best_rank:
            best, best_rank = (at, end), rank
        at = text.find(exact, at + 1)
    return best


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
