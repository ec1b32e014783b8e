"""The reader's query language, parsed once so that both databases agree.

It follows the web-search convention: words must all appear (in any of their
prefixed forms: «المدرسة» finds «والمدرسة»), "quoted words" must appear as
written and in that order («…» works too), -word excludes, and `or` / «أو»
between two items accepts either.
"""

import re
from dataclasses import dataclass, field

from archive.normalise import WORD_RE, search_key, word_forms

MAX_QUERY_LENGTH = 200
MAX_ITEMS = 12
_OR_WORDS = {"or", "او"}
_TOKEN_RE = re.compile(
    r"""(?P<neg>-?)(?:"(?P<dq>[^"]*)(?P<dq_end>"?)|«(?P<aq>[^»]*)(?P<aq_end>»?)|(?P<bare>[^\s"«]+))"""
)


class QueryProblem(ValueError):
    """A query that cannot be searched, with the reason in words a reader understands."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Term:
    """A word (matched in any of its forms), an exact word, or a phrase."""

    words: tuple[str, ...]
    exact: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def forms(self) -> tuple[str, ...]:
        """What a single word may match: itself and, unless quoted, its bases."""
        if self.exact or self.is_phrase:
            return self.words
        return word_forms(self.words[0])


@dataclass
class ParsedQuery:
    text: str
    groups: list[list[Term]]  # every group must match; any term of a group will do
    excluded: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def parse(text: str) -> ParsedQuery:
    text = (text or "").strip()
    if not text:
        raise QueryProblem("empty", "اكتب كلمة أو أكثر للبحث.")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryProblem(
            "too_long",
            f"عبارة البحث أطول من {MAX_QUERY_LENGTH} حرف؛ اختصرها إلى أهم كلماتها.",
        )
    folded = search_key(text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    notes: list[str] = []
    pending_or = False
    for match in _TOKEN_RE.finditer(folded):
        quoted = match["dq"] if match["dq"] is not None else match["aq"]
        if quoted is not None and not (match["dq_end"] or match["aq_end"]):
            notes.append("لم تُغلق علامة التنصيص، فعددنا ما بعدها عبارة واحدة.")
        raw = quoted if quoted is not None else match["bare"]
        words = tuple(WORD_RE.findall(raw))
        if not words:
            continue
        is_or = quoted is None and not match["neg"] and words[0] in _OR_WORDS
        if is_or and len(words) == 1 and groups:
            pending_or = True
            continue
        term = Term(words, exact=quoted is not None)
        if match["neg"]:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    if not groups and not excluded:
        raise QueryProblem("no_words", "لم نجد في عبارة البحث كلمات؛ الرموز وحدها لا يُبحث عنها.")
    if not groups:
        raise QueryProblem(
            "only_excluded",
            "كل كلمات البحث مستبعدة بعلامة الطرح؛ أضف كلمة واحدة على الأقل تريد العثور عليها.",
        )
    if len(groups) + len(excluded) > MAX_ITEMS:
        raise QueryProblem("too_many", f"ابحث بـ {MAX_ITEMS} كلمة أو عبارة على الأكثر.")
    return ParsedQuery(text=text, groups=groups, excluded=excluded, notes=notes)
