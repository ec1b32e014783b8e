"""Where a span sits in a paragraph: offsets in code points, plus its quote and context.

Offsets are Python string indices (Unicode code points). Browsers count UTF-16
units, so an emoji before a span shifts their numbers by one; the editor
script converts before sending, and this module trusts only the text.
"""

import unicodedata
from dataclasses import dataclass

import regex

from readingroom.page_nouns import CHARACTER
from readingroom.plural import count_of

CONTEXT_LENGTH = 32
# An extended grapheme cluster (UAX #29): what a reader sees as one character,
# such as a flag 🇸🇾 (two code points), 👨‍👩‍👧 (five) or 👍🏽 (two).
GRAPHEME = regex.compile(r"\X")
# Characters between two of which UAX #29 always breaks (none of them extends,
# joins, prepends or pairs): Arabic and Persian letters and digits, ASCII, common
# punctuation. Most of a paragraph is made of them, so a boundary is usually
# known at a glance, and a cluster scan starts at the nearest such pair.
_PLAIN = regex.compile(
    r"[\x20-\x7e\u00a0\u00ab\u00bb\u060c\u061b\u061f\u0621-\u064a\u0660-\u066d"
    r"\u0671-\u06d3\u06f0-\u06f9\u2013\u2014\u2018-\u201d\u2026]"
)
# Lam followed by an alef (its harakat between them) is drawn as one glyph, lam-alef
# «لا لأ لإ لآ»: fonts hold no half of it, so a boundary there would make Chromium
# paint the ligature on one side and nothing on the other, and a letter vanishes. A
# tatweel between them breaks the ligature («لـا»), so a cut beside it is harmless.
LAM = "\u0644"
ALEFS = frozenset("\u0627\u0623\u0625\u0622\u0671")


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
        return [f"النهاية {end} تتجاوز طول الفقرة ({count_of(len(text), CHARACTER)})."]
    problems = []
    if not text[start:end].strip():
        problems.append("التحديد فراغ فقط.")
    for at in (start, end):
        cluster = cluster_split_at(text, at)
        # A letter's harakat, or a mark with no letter to belong to (at the very start).
        if at < len(text) and is_mark(text[at]) and (cluster is None or cluster[0].isalpha()):
            problems.append("التحديد يفصل حرفًا عن حركته.")
            break
        if cluster:
            problems.append(
                f"التحديد يقسم «{cluster}»، وهو رمز واحد على الشاشة من عدة محارف "
                "(علم أو رمز تعبيري مركّب): حدّده كله أو اتركه كله."
            )
            break
        if ligature := ligature_split_at(text, at):
            problems.append(
                f"التحديد يقسم «{ligature}» بين اللام والألف، وهما حرف واحد على الشاشة "
                "(لام ألف): حدّده كله أو اتركه كله."
            )
            break
    return problems


def ligature_split_at(text: str, at: int) -> str | None:
    """The lam-alef (with the lam's harakat) that offset `at` would cut, or None."""
    if at <= 0 or at >= len(text) or text[at] not in ALEFS:
        return None
    lam = at - 1
    while lam >= 0 and is_mark(text[lam]):
        lam -= 1
    return text[lam : at + 1] if lam >= 0 and text[lam] == LAM else None


def splits_what_is_seen(text: str, at: int) -> bool:
    """Whether a boundary at `at` would part a letter from its harakat, cut a grapheme
    cluster or cut a lam-alef: anything that changes what the reader sees."""
    if at <= 0 or at >= len(text):
        return False
    return (
        is_mark(text[at])
        or ligature_split_at(text, at) is not None
        or (cluster_split_at(text, at) is not None)
    )


def whole_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened outward until neither edge splits what is seen.

    For spans nobody can be asked to fix: the highlight of data stored before a
    rule existed, and a span that re-anchoring or an import puts in place. It only
    ever adds the rest of a letter, ligature or cluster, never takes a letter away.
    """
    start, end = max(0, start), min(len(text), end)
    while splits_what_is_seen(text, start):
        start -= 1
    while splits_what_is_seen(text, end):
        end += 1
    return start, end


def cluster_split_at(text: str, at: int) -> str | None:
    """The grapheme cluster that offset `at` would cut in two, or None if `at` is a boundary.

    A cut inside one shows half a flag, a family without its child or a hand
    without its skin tone: in the highlight, the card and every export.
    Linear in the distance to the nearest certain boundary, which in prose is
    a character or two away.
    """
    if at <= 0 or at >= len(text) or _sure_break(text, at):
        return None
    if _is_flag_half(text[at - 1]) and _is_flag_half(text[at]):
        # Flags pair regional indicators from the start of their run (UAX #29 GB12, GB13).
        return text[at - 1 : at + 1] if (at - _flag_run_start(text, at)) % 2 else None
    begin = at - 1
    while begin > 0 and not _sure_break(text, begin):
        if _is_flag_half(text[begin - 1]) and _is_flag_half(text[begin]):
            run = _flag_run_start(text, begin)
            paired = run + (begin - run) // 2 * 2
            if paired > run:
                begin = paired  # between two whole flags
                break
            begin = run
        else:
            begin -= 1
    # `begin` is a boundary, so clusters read from there are the paragraph's own; the
    # regex module reads a run of flags in quadratic time, which the jump above avoids.
    for cluster in GRAPHEME.finditer(text, begin):
        if cluster.end() >= at:
            return None if cluster.end() == at else cluster.group()
    return None


def _sure_break(text: str, at: int) -> bool:
    """Whether UAX #29 surely breaks between text[at - 1] and text[at], seen from those two alone."""
    before, after = _PLAIN.match(text, at - 1), _PLAIN.match(text, at)
    if before:
        return bool(after) or _is_flag_half(text[at])
    return bool(after) and _is_flag_half(text[at - 1])


def _is_flag_half(char: str) -> bool:
    """A regional indicator: two of them make a flag (🇸 + 🇾 = 🇸🇾)."""
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _flag_run_start(text: str, at: int) -> int:
    """Where the run of regional indicators that holds text[at - 1] starts."""
    run = at - 1
    while run > 0 and _is_flag_half(text[run - 1]):
        run -= 1
    return run


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
