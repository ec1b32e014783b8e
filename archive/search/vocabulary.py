"""The vocabulary «هل تقصد» suggests from: the words of actors' names and article titles.

Names are where readers misspell most, and titles say what the archive is
about; paragraph words are left out, since Arabic words that share a root are
one or two letters apart and would crowd the suggestions.

Each text (a title, an actor's name, English name or alias) counts once for
each distinct word in it. The counts are kept as texts are saved and deleted
(count()); rebuild() writes the whole vocabulary again from the texts, and
gives the same rows as the receivers do for the same texts. Other apps add
their texts (annotations: actors' names and aliases) by registering a
WordSource, so the archive never imports them.
"""

import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F

from archive.models import Article, SearchWord
from archive.normalise import WORD_RE, fold_with_map

MIN_WORD = 3  # shorter words are one letter from too many others to suggest
MAX_WORD = 40
NAMES = "names"
TITLES = "titles"
_TATWEEL = "\u0640"
_ARTICLES = ("وال", "فال", "بال", "كال", "ال")
_SHOWN_MAX = SearchWord._meta.get_field("shown").max_length
BATCH = 2000


@dataclass(frozen=True)
class WordSource:
    column: str  # NAMES or TITLES: what the words of these texts count as
    # texts() -> every text of this source, for rebuild(); it may return
    # nothing when its tables do not exist yet (a migration on a new database)
    texts: Callable[[], Iterable[str]]


word_sources: list[WordSource] = []


def register_word_source(source: WordSource) -> WordSource:
    word_sources.append(source)
    return source


def keys(word: str) -> dict:
    """The columns a word is looked up by: its length, three keys of its letters, a tiebreak.

    The keys leave out a leading article («ال», «وال», «بال»…): so many words
    begin with one that keys holding its letters would each stand for
    thousands of words.
    """
    core = word
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_WORD:
            core = word[len(article) :]
            break
    return {
        "length": len(word),
        "tail": core[0] + "".join(sorted(core[-2:])),
        "head": core[-1] + "".join(sorted(core[:2])),
        "middle": core[1] + core[-2],
        "tiebreak": zlib.crc32(word.encode()) & 0x7FFFFFFF,
    }


def spellings(text: str) -> dict[str, str]:
    """{folded word: how `text` writes it} for each word of `text` worth suggesting.

    Of two spellings of one word in the same text, the first in code-point
    order is kept («أ» before «ا», «ة» before «ه»), so that the spelling shown
    does not depend on the order in which texts were saved.
    """
    folded, where = fold_with_map(text)
    found: dict[str, str] = {}
    for match in WORD_RE.finditer(folded):
        word = match.group()
        if not (MIN_WORD <= len(word) <= MAX_WORD and word.isalpha()):
            continue  # numbers and codes are not misspelt the way names are
        shown = _plain(text[where[match.start()] : where[match.end() - 1] + 1]) or word
        if word not in found or shown < found[word]:
            found[word] = shown
    return found


def _plain(written: str) -> str:
    written = unicodedata.normalize("NFKC", written)
    kept = "".join(c for c in written if c != _TATWEEL and unicodedata.category(c) != "Mn")
    return kept[:_SHOWN_MAX]


def count(column: str, before: Iterable[str], after: Iterable[str]) -> None:
    """Move the counts of `column` from the texts `before` a change to those `after` it.

    A few queries when words changed, none when they did not.
    """
    delta: Counter = Counter()
    spelled: dict[str, str] = {}
    for text in after:
        for word, shown in spellings(text).items():
            delta[word] += 1
            spelled[word] = min(spelled.get(word, shown), shown)
    for text in before:
        for word in spellings(text):
            delta[word] -= 1
    delta = {word: step for word, step in delta.items() if step}
    if delta:
        _apply(column, delta, spelled)


def _apply(column, delta, spelled):
    added = [word for word, step in delta.items() if step > 0]
    if added:
        existing = dict(SearchWord.objects.filter(word__in=added).values_list("word", "shown"))
        SearchWord.objects.bulk_create(
            [_row(SearchWord, word, spelled[word]) for word in added if word not in existing],
            ignore_conflicts=True,  # another request may have added it meanwhile
        )
        for word in added:
            if word in existing and spelled[word] < existing[word]:
                SearchWord.objects.filter(word=word).update(shown=spelled[word])
    by_step = defaultdict(list)
    for word, step in delta.items():
        by_step[step].append(word)
    # F() expressions: two editors saving at once both count.
    for step, words in by_step.items():
        SearchWord.objects.filter(word__in=words).update(
            **{column: F(column) + step, "uses": F("uses") + step}
        )
    removed = [word for word, step in delta.items() if step < 0]
    if removed:
        SearchWord.objects.filter(word__in=removed, names__lte=0, titles__lte=0).delete()


def _row(model, word, shown, names=0, titles=0):
    return model(
        word=word, shown=shown, names=names, titles=titles, uses=names + titles, **keys(word)
    )


def rebuild(*, word_model=None, titles: Iterable[str] | None = None) -> int:
    """Write the vocabulary again from every title and every registered source; its size.

    Migration 0006 passes its own models; the command uses today's.
    """
    word_model = word_model or SearchWord
    if titles is None:
        titles = (
            Article.objects.order_by().values_list("title", flat=True).iterator(chunk_size=BATCH)
        )
    counts = {NAMES: Counter(), TITLES: Counter()}
    shown: dict[str, str] = {}

    def take(column, texts):
        for text in texts:
            for word, spelling in spellings(text).items():
                counts[column][word] += 1
                shown[word] = min(shown.get(word, spelling), spelling)

    take(TITLES, titles)
    for source in word_sources:
        take(source.column, source.texts())
    word_model.objects.all().delete()
    word_model.objects.bulk_create(
        (
            _row(word_model, word, shown[word], counts[NAMES][word], counts[TITLES][word])
            for word in sorted(shown)
        ),
        batch_size=BATCH,
    )
    return len(shown)
