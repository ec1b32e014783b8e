"""The search copy of Arabic text. Never applied to stored text.

Readers type without hamza, harakat or tatweel, with either digit set, and
with the Persian or Urdu forms of letters that copied text brings along; this
folds all of those so that «الاسد» finds «الأسد», «2021» finds «٢٠٢١» and
«سوریا» finds «سوريا».
"""

import re
import unicodedata
from collections.abc import Sequence
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


# A word is a run of letters and digits (the underscore is not one of them):
# «6.5» and «٦٫٥» are the words 6 and 5, «SY24» is one word, «a_b» two. Arabic
# letters make a word of their own where they meet digits or Latin letters:
# «نوفمبر2020» is «نوفمبر» and «2020». The index, the query and the snippets
# all take words with this one expression, and both databases only ever see
# words written by it.
_ARABIC_LETTER = (
    "\u0600-\u065f\u066e-\u06ef\u06fa-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
)
WORD_RE = re.compile(rf"(?:(?=[^\W_])[{_ARABIC_LETTER}])+|(?:(?![{_ARABIC_LETTER}])[^\W_])+")
# PostgreSQL refuses to index a word of more than 2,047 bytes; such a "word"
# (a thousand letters without a space) is left out on both databases.
MAX_WORD_BYTES = 2047

# One conjunction, then a preposition fused with the article, then the article:
# «والمدرسة» → «المدرسة» → «مدرسة». Each strip keeps at least three letters,
# so short words whose first letters are their own («وطن», «الله») survive.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS_WITH_ARTICLE = ("بال", "كال", "فال", "وال")
_MIN_BASE = 3

# Plural and nisba endings, longest first; only one ending goes, and at least
# three letters stay before it («عليه», «إليه» keep their «يه»). A nisba ending keeps its yeh, so the
# relation survives and the plural meets the singular:
#   «اتفاقيات», «اتفاقية» → «اتفاقي»; «السوريين», «سوريون», «السورية» → «سوري»;
#   «اللاجئين», «اللاجئون» → «لاجي» (the singular «لاجئ»);
# the sound plurals lose their ending: «المؤتمرات» → «مؤتمر», «الاتفاقات» →
# «اتفاق», «مواطنون» → «مواطن». Left alone on purpose: a final «ت» («بينت» is not
# «بين»), «ان» («لبنان», «إيران»), «ه» («مدرسة» is not «مدرس»), a lone nisba «ي»
# («الجاري» is not «جار») and the attached pronouns «ها», «هم», «نا» («إليها» is
# not «إلى», «منها» not «من»).
_SUFFIXES = (
    ("يات", "ي"),
    ("يين", "ي"),
    ("يون", "ي"),
    ("يه", "ي"),
    ("ات", ""),
    ("ين", ""),
    ("ون", ""),
)
_MIN_STEM = 3
# Hamza on yeh typed as a plain yeh doubles it: «اللاجئيين» for «اللاجئين».
# Stems fold a run of yeh into one, so both reach «لاجي».
_YEH_RUN = re.compile("ي{2,}")
# A bare preposition written onto the word: «بدمشق», «لموسكو», «كبير».
_BARE_PREPOSITIONS = ("ب", "ل", "ك")


def fold(text: str) -> str:
    """search_key() taken one character at a time, so that every folded letter has one source.

    This is the folding of the index, the query and the snippets alike: the
    snippets lead each folded letter back to the letter as published
    (fold_with_map), which only a character-by-character folding allows.
    """
    return text.translate(_FOLD_TABLE)


class _FoldTable(dict):
    """str.translate's table, filled on first sight of each character."""

    LIMIT = 65_536  # characters remembered; text with more distinct ones is folded uncached

    def __init__(self):
        super().__init__()
        # Characters remembered that fold to nothing or to more than one: harakat,
        # tatweel, ligatures. Text without any folds letter for letter.
        self.uneven: set[str] = set()

    def __missing__(self, codepoint):
        folded = search_key(chr(codepoint))
        if len(self) < self.LIMIT:
            self[codepoint] = folded
            if len(folded) != 1:
                self.uneven.add(chr(codepoint))
        return folded

    def full(self) -> bool:
        return len(self) >= self.LIMIT


_FOLD_TABLE = _FoldTable()


def words(folded: str) -> list[str]:
    """The words of folded text, in order, without those too long to index."""
    return [w for w in WORD_RE.findall(folded) if len(w.encode()) <= MAX_WORD_BYTES]


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


def stem(word: str) -> str:
    """`word` without one plural or nisba ending (see _SUFFIXES), its yeh runs folded."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)] + replacement
            break
    return _YEH_RUN.sub("ي", word)


@lru_cache(maxsize=65_536)
def word_forms(word: str) -> tuple[str, ...]:
    """What a folded word is, for matching: itself, its bases, and their stems.

    The index stores these for every word of a text; a query word matches a
    text word when their forms meet.
    """
    bases = (word, *word_bases(word))
    return tuple(dict.fromkeys((*bases, *(stem(base) for base in bases))))


@lru_cache(maxsize=65_536)
def bare_forms(word: str) -> tuple[str, ...]:
    """The word without a bare بـ, لـ or كـ («بدمشق» → «دمشق»), and the stems of that.

    Whether the letter was a preposition only the other side can tell: these
    forms meet only another word's own forms (word_forms), never another
    word's bare forms, so «بيان» and «كيان» never meet through «يان».
    """
    own = word_forms(word)
    found = []
    # The preposition comes first, or after و/ف («وبدمشق»); never after the article.
    unjoined = (word[1:],) if word.startswith(_CONJUNCTIONS) else ()
    for base in (word, *unjoined):
        if (
            base.startswith(_BARE_PREPOSITIONS)
            and not base.startswith(("بال", "كال", "لل"))
            and len(base) - 1 >= _MIN_BASE
        ):
            found += [base[1:], stem(base[1:])]
    return tuple(form for form in dict.fromkeys(found) if form not in own)


# The most forms a word has: word_forms() gives at most three bases (the word,
# and «لل»'s two readings) and a stem of each, bare_forms() at most two bases
# (the word and the word after و/ف) and a stem of each.
MOST_FORMS = 10


def words_meet(text_word: str, query_word: str) -> bool:
    """Whether the index finds `text_word` for the unquoted `query_word`.

    The databases answer exactly this through the index's columns (see
    archive.search.index): the query's own forms against the text's own and
    bare forms, the query's bare forms against the text's own forms only.
    """
    own = word_forms(query_word)
    text_own = word_forms(text_word)
    if any(form in text_own for form in own):
        return True
    text_bare = bare_forms(text_word)
    if any(form in text_bare for form in own):
        return True
    return any(form in text_own for form in bare_forms(query_word))


def search_terms(text: str) -> list[tuple[str, ...]]:
    """The forms of each distinct folded word of `text`, in order of appearance."""
    return [word_forms(word) for word in dict.fromkeys(words(fold(text)))]


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """fold(text), and for each of its characters the index it came from in `text`.

    Snippets find the reader's words in the folded copy and mark them in the
    text as published, so the mapping must survive removed harakat and tatweel.
    """
    folded = text.translate(_FOLD_TABLE)
    # Most text has no harakat or tatweel: each folded letter is then where it
    # was, which the table can tell once it has seen every character of the text.
    if not _FOLD_TABLE.full() and _FOLD_TABLE.uneven.isdisjoint(text):
        return folded, range(len(text))
    folded, where = [], []
    for index, char in enumerate(text):
        piece = _FOLD_TABLE[ord(char)]
        folded.append(piece)
        where.extend([index] * len(piece))
    return "".join(folded), where
