"""«هل تقصد…»: a corrected query for a search that found nothing, when one finds something.

For each word of the query that matches nothing, words of the vocabulary
(archive.search.vocabulary: names and title words) of about its length that
share one of three keys of its letters (archive.models.SearchWord) are
compared with it by edit distance (RapidFuzz's OSA: a swap of two neighbours
is one edit): one edit for a word of up to five letters, two for a longer one.
Nearer words come first, then names, then words more texts use. Corrected
queries are offered only when the search engine, with the reader's
visibility, finds something for them: a word known only from drafts is never
suggested to a reader.

Three queries at most, whatever the size of the vocabulary: which words match
nothing, their candidates (a bounded number per word), and which corrected
queries find something.
"""

from dataclasses import dataclass

from django.db import connection
from rapidfuzz.distance import OSA

from archive.models import sees_drafts
from archive.normalise import WORD_RE, fold_with_map, word_forms
from archive.search import engine
from archive.search.groups import result_groups
from archive.search.query import ParsedQuery, QueryProblem, Term, parse
from archive.search.vocabulary import MIN_WORD, keys

ARTICLES = "articles"
SHORT_WORD = 5  # up to this many letters, one edit; longer words, two
PER_KEY = 100  # candidates read per word, key and length: the bound on the work per query
PER_WORD = 4  # corrections kept for each misspelt word
CHECKED = 6  # corrected queries the engine checks, best first
# More words than this finding nothing is not a typo; it also bounds the
# candidates' query (SQLite takes at most 500 branches in one UNION).
MISSPELT_AT_MOST = 3
KEYS = ("tail", "head", "middle")  # see archive.models.SearchWord


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


@dataclass(frozen=True)
class Suggestion:
    text: str  # the corrected query, to search for
    pieces: tuple[Piece, ...]  # the same text, the corrected words marked


@dataclass(frozen=True)
class _Correction:
    word: str  # the folded query word it replaces
    folded: str
    shown: str
    rank: tuple


def suggest(query: ParsedQuery, *, user, only: str | None = None) -> Suggestion | None:
    """A corrected query that finds something for `user`, or None."""
    if only not in (ARTICLES, *result_groups):
        only = None
    published_only = not sees_drafts(user)
    words = list(dict.fromkeys(w for w in _bare_words(query) if _correctable(w)))
    if not words:
        return None
    alone = len(words) == 1 and len(query.terms) == 1 and not query.excluded
    # A lone word is what found nothing; among several, ask which of them did.
    unknown = words if alone else _matching_nothing(words, published_only, only)
    if not unknown or len(unknown) > MISSPELT_AT_MOST:
        return None
    corrections = _corrections(unknown)
    if any(not corrections[word] for word in unknown):
        return None  # a word with no likely correction still matches nothing
    candidates = []
    for choice in _choices(unknown, corrections):
        corrected = _rewrite(query.text, choice)
        if corrected is not None:
            candidates.append(corrected)
    found = _finding([parsed for parsed, _ in candidates], published_only=published_only, only=only)
    for (parsed, pieces), finds in zip(candidates, found, strict=True):
        if finds:
            return Suggestion(parsed.text, pieces)
    return None


def _bare_words(query):
    for term in query.terms:
        if not term.exact and not term.is_phrase:
            yield term.words[0]


def _correctable(word: str) -> bool:
    return len(word) >= MIN_WORD and word.isalpha()


def _matching_nothing(words, published_only, only):
    """The words that, searched alone, find nothing the user may see: one query."""
    queries = [ParsedQuery(text=word, groups=[[Term((word,))]]) for word in words]
    return [
        word
        for word, finds in zip(
            words, _finding(queries, published_only=published_only, only=only), strict=True
        )
        if not finds
    ]


def _finding(queries, *, published_only, only) -> list[bool]:
    """For each query, whether the engine finds anything the user may see: one query."""
    if not queries:
        return []
    columns, params = [], []
    for query in queries:
        condition, condition_params = _finds(query, published_only=published_only, only=only)
        columns.append(f"CASE WHEN {condition} THEN 1 ELSE 0 END")
        params += condition_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return [bool(value) for value in row]


def _finds(query, *, published_only, only):
    """SQL true when the exact search for `query` has a visible hit in the groups shown."""
    parts, params = [], []
    if only in (None, ARTICLES):
        sql, sql_params = engine._hits(
            query, engine.ARTICLE_KINDS, published_only=published_only, approximate=False
        )
        parts.append(f"EXISTS ({sql})")
        params += sql_params
    for key, group in result_groups.items():
        if only not in (None, key):
            continue
        hidden = group.hidden_from_readers if published_only else None
        sql, sql_params = engine._hits(
            query,
            (group.kind,),
            published_only=published_only,
            approximate=False,
            hidden=hidden() if hidden else None,
        )
        parts.append(f"EXISTS ({sql})")
        params += sql_params
    return "(" + " OR ".join(parts) + ")", params


def _edits(word: str) -> int:
    return 1 if len(word) <= SHORT_WORD else 2


def _corrections(words) -> dict[str, list[_Correction]]:
    """The best few corrections of each word from the vocabulary: one query.

    A word is looked up as it is and by its bases (without و, ال…), so that
    «والبوتبن» becomes «والبوتين».
    """
    lookups = []  # (query word, the prefix a base leaves, the form looked up)
    for word in words:
        for form in word_forms(word):
            if _correctable(form):
                lookups.append((word, word[: len(word) - len(form)], form))
    rows = _candidates([form for _, _, form in lookups])
    found: dict[str, dict[str, _Correction]] = {word: {} for word in words}
    for word, prefix, form in lookups:
        limit = _edits(form)
        for candidate, shown, names, titles in rows.get(form, ()):
            distance = OSA.distance(form, candidate, score_cutoff=limit)
            if not 0 < distance <= limit:
                continue
            folded = prefix + candidate
            rank = (distance, 0 if names > 0 else 1, -(names + titles), folded)
            best = found[word].get(folded)
            if best is None or rank < best.rank:
                found[word][folded] = _Correction(word, folded, prefix + shown, rank)
    return {
        word: sorted(options.values(), key=lambda c: c.rank)[:PER_WORD]
        for word, options in found.items()
    }


_BRANCH = (
    "SELECT * FROM (SELECT word, shown, names, titles, tail, head, middle, length"
    " FROM archive_searchword WHERE {column} = %s AND length = %s"
    " ORDER BY uses DESC, tiebreak, word{binary} LIMIT %s) AS b{n}"
)


def _candidates(forms) -> dict[str, list[tuple]]:
    """{form: vocabulary rows of about its length sharing one of its keys}.

    One branch per key and length, each reading at most PER_KEY rows in the
    order of its index (the most used first), so the work is bounded however
    large the vocabulary grows, and the same rows come back on both databases
    (the word breaks the rare tie of checksums, by code point: COLLATE "C" on
    PostgreSQL is what SQLite does by default). Forms that share a key and a
    length («الاعمر» and «اعمر» have the same keys) share its branch.
    """
    forms = list(dict.fromkeys(forms))
    wanted = {}  # (column, key, length) -> the forms it serves
    for form in forms:
        form_keys, edits = keys(form), _edits(form)
        for column in KEYS:
            for length in range(len(form) - edits, len(form) + edits + 1):
                wanted.setdefault((column, form_keys[column], length), []).append(form)
    binary = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    branches, params = [], []
    for column, key, length in wanted:
        # Only fixed column names and numbers are formatted in; values are params.
        branches.append(_BRANCH.format(column=column, binary=binary, n=len(branches)))
        params += [key, length, PER_KEY]
    rows: dict[str, dict[str, tuple]] = {form: {} for form in forms}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)  # fixed SQL; values are params
        for word, shown, names, titles, *row_keys, length in cursor.fetchall():
            for column, key in zip(KEYS, row_keys, strict=True):
                for form in wanted.get((column, key, length), ()):
                    rows[form][word] = (word, shown, names, titles)
    return {form: list(found.values()) for form, found in rows.items()}


def _choices(words, corrections):
    """Sets of corrections to try, the likeliest first, CHECKED at most.

    First every word's best correction; then, one word at a time, its next best.
    """
    best = {word: corrections[word][0] for word in words}
    choices = [best]
    for word in words:
        for other in corrections[word][1:]:
            choices.append({**best, word: other})
    choices.sort(key=lambda choice: sum(c.rank[0] for c in choice.values()))  # stable
    return choices[:CHECKED]


def _rewrite(text: str, choice: dict[str, _Correction]):
    """The reader's text with the chosen words corrected, parsed; None if it cannot be."""
    folded, where = fold_with_map(text)
    cuts, pieces, at = [], [], 0
    for match in WORD_RE.finditer(folded):
        correction = choice.get(match.group())
        if correction is not None:
            start, end = where[match.start()], where[match.end() - 1] + 1
            cuts.append((start, end, correction.shown))
    for start, end, shown in cuts:
        if text[at:start]:
            pieces.append(Piece(text[at:start], changed=False))
        pieces.append(Piece(shown, changed=True))
        at = end
    if text[at:]:
        pieces.append(Piece(text[at:], changed=False))
    corrected = "".join(piece.text for piece in pieces)
    try:
        return parse(corrected), tuple(pieces)
    except QueryProblem:
        return None  # longer than a query may be, once corrected
