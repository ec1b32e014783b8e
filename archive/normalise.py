"""The search copy of Arabic text. Never applied to stored text.

Readers type without hamza, harakat or tatweel, with either digit set, and
with the Persian or Urdu forms of letters that copied text brings along; this
folds all of those so that «الاسد» finds «الأسد», «2021» finds «٢٠٢١» and
«سوریا» finds «سوريا».
"""

import re
import unicodedata
from functools import lru_cache

_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff\u0640]"
)
_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        # Persian and Urdu letters that copied text carries for Arabic ones: «سوریا»,
        # «کبیر» are the same words as «سوريا», «كبير» to an Arabic reader.
        "ی": "ي",  # farsi yeh
        "ې": "ي",  # yeh with two dots below
        "ۍ": "ي",  # yeh with tail
        "ے": "ي",  # yeh barree
        "ۓ": "ي",  # yeh barree with hamza
        "ک": "ك",  # keheh
        "ڪ": "ك",  # swash kaf
        "ہ": "ه",  # heh goal
        "ۂ": "ه",  # heh goal with hamza
        "ۀ": "ه",  # heh with yeh above
        "ھ": "ه",  # heh doachashmee
        "ە": "ه",  # ae
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)


def search_key(text: str) -> str:
    """Fold `text` for matching: no harakat or tatweel, one alef, one digit set, casefolded."""
    # NFKC first turns presentation forms (ﻻ, ﺍ) into plain letters; NFD would
    # then split hamza-carrying letters, so fold the composed letters.
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text)
    return text.translate(_FOLDS).casefold()


WORD_RE = re.compile(r"\w+")
# One conjunction, then a preposition fused with the article, then the article:
# «والمدرسة» → «المدرسة» → «مدرسة». Each strip keeps at least three letters,
# so short words whose first letters are their own («وطن», «الله») survive.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS_WITH_ARTICLE = ("بال", "كال", "فال", "وال")
_MIN_BASE = 3


def word_bases(word: str) -> tuple[str, ...]:
    """The folded word without its leading conjunction, preposition and article.

    «لل» is ambiguous: «للمدرسة» is «ل» + «المدرسة» but «للاجئين» is «ل» +
    «اللاجئين» with the article's lam merged, so both readings are returned.
    """
    if word.startswith(_CONJUNCTIONS) and len(word) - 1 >= _MIN_BASE:
        word = word[1:]
    if word.startswith("لل") and len(word) - 2 >= _MIN_BASE:
        return (word[2:], word[1:])
    if word.startswith(_PREPOSITIONS_WITH_ARTICLE) and len(word) - 3 >= _MIN_BASE:
        return (word[3:],)
    if word.startswith("ال") and len(word) - 2 >= _MIN_BASE:
        return (word[2:],)
    return (word,)


def word_forms(word: str) -> tuple[str, ...]:
    """The folded word followed by its distinct bases: what a query word may match."""
    return tuple(dict.fromkeys((word, *word_bases(word))))


def search_terms(text: str) -> list[tuple[str, ...]]:
    """The forms of each distinct folded word of `text`, in order of appearance."""
    seen, terms = set(), []
    for word in WORD_RE.findall(search_key(text)):
        if word not in seen:
            seen.add(word)
            terms.append(word_forms(word))
    return terms


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """search_key(text), and for each of its characters the index it came from in `text`.

    Snippets find the reader's words in the folded copy and mark them in the
    text as published, so the mapping must survive removed harakat and tatweel.
    """
    folded, where = [], []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        where.extend([index] * len(piece))
    return "".join(folded), where


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return search_key(char)
