"""The reader's query language, parsed once so that both databases agree.

It follows the web-search convention: words must all appear (in any of their
forms: «المدرسة» finds «والمدرسة», «المؤتمرات» finds «المؤتمر», «دمشق» finds
«بدمشق»), "quoted words" must appear as written and in that order («…» works
too), -word excludes, and `or` / «أو» between two items accepts either. A
typed run of words without spaces («6.5», «2020-11-09») is a phrase.
"""

import re
from dataclasses import dataclass, field

from archive.normalise import bare_forms, fold, word_bases, word_forms, words

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
    def matches_forms(self) -> bool:
        """An unquoted single word: matched through its forms, not only as written."""
        return not (self.exact or self.is_phrase)

    @property
    def forms(self) -> tuple[str, ...]:
        """What a single word may match anywhere: itself and, unless quoted, its other forms."""
        return word_forms(self.words[0]) if self.matches_forms else self.words

    @property
    def bare_forms(self) -> tuple[str, ...]:
        """What the word without a bare بـ/لـ/كـ may match: a text's own forms only."""
        return bare_forms(self.words[0]) if self.matches_forms else ()

    @property
    def substring(self) -> str:
        """What the approximate search looks for inside longer words.

        The words as written for a phrase or quoted word; otherwise the word
        without its conjunction, preposition and article («لاجئ» in «اللاجئين»).
        """
        if not self.matches_forms:
            return " ".join(self.words)
        return (self.words[0], *word_bases(self.words[0]))[-1]


@dataclass
class ParsedQuery:
    text: str
    groups: list[list[Term]]  # every group must match; any term of a group will do
    excluded: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # True for the second, approximate run: snippets then mark the substrings it looked for.
    approximate: bool = False

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
    folded = fold(text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    notes: list[str] = []
    pending_or = False
    for match in _TOKEN_RE.finditer(folded):
        quoted = match["dq"] if match["dq"] is not None else match["aq"]
        if quoted is not None and not (match["dq_end"] or match["aq_end"]):
            notes.append("لم تُغلق علامة التنصيص، فعددنا ما بعدها عبارة واحدة.")
        raw = quoted if quoted is not None else match["bare"]
        found = tuple(words(raw))
        if not found:
            continue
        is_or = quoted is None and not match["neg"] and found[0] in _OR_WORDS
        if is_or and len(found) == 1 and groups:
            pending_or = True
            continue
        term = Term(found, exact=quoted is not None)
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
