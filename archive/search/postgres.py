"""Full-text matching on PostgreSQL: a tsvector of the words Python wrote (see migration 0005).

The vector is built by archive_search_words() straight from the index's
columns, without a text-search parser or dictionary, and the query is a
tsquery literal of the same words: PostgreSQL never decides what a word is,
so it finds exactly what SQLite finds. Weight A is the text's words, B their
other forms, C the bare-preposition bases (see archive.search.index). Words
are letters and digits only (archive.normalise.WORD_RE), so they never hold a
quote, a backslash or an operator.
"""

from itertools import pairwise

from archive.search.query import ParsedQuery, Term

# What migration 0010 writes for an entry whose word pairs are not indexed (too long).
UNPAIRED = "_"


def _lexeme(word: str, weights: str = "") -> str:
    return f"'{word}':{weights}" if weights else f"'{word}'"


def _term(term: Term) -> str:
    if not term.matches_forms:
        # Phrases and quoted words: the text's words as written, in order.
        return "(" + " <-> ".join(_lexeme(word, "A") for word in term.words) + ")"
    # The word's own forms meet any column; its bare bases only the text's own forms.
    lexemes = [_lexeme(form) for form in term.forms]
    lexemes += [_lexeme(form, "AB") for form in term.bare_forms]
    return "(" + " | ".join(lexemes) + ")"


def tsquery(query: ParsedQuery) -> str:
    parts = ["(" + " | ".join(_term(term) for term in group) + ")" for group in query.groups]
    parts += ["!" + _term(term) for term in query.excluded]
    return " & ".join(parts)


def _pair(first: str, second: str) -> str:
    """The lexeme migration 0010 indexes for two words side by side.

    A query is far shorter than the pairs it leaves out (over 2,047 bytes).
    """
    return f"{first}_{second}"


def pairs_tsquery(query: ParsedQuery) -> str | None:
    """A tsquery of `pairs` that every entry matching the query's phrases matches, if any.

    Each group made only of phrases needs one of them, and a phrase all of
    its word pairs; an entry whose pairs are not indexed (UNPAIRED) is
    always let through. The GIN index answers this without reading a row,
    where the tsvector's index knows no order of words and reads every
    entry holding them all.
    """
    groups = []
    for group in query.groups:
        if not all(term.is_phrase for term in group):
            continue
        phrases = [
            "(" + " & ".join(_lexeme(_pair(a, b)) for a, b in pairwise(t.words)) + ")"
            for t in group
        ]
        groups.append("(" + " | ".join(phrases) + ")")
    if not groups:
        return None
    return f"({' & '.join(groups)}) | {_lexeme(UNPAIRED)}"


def match(query: ParsedQuery, kinds=()) -> tuple[str, list]:
    """(condition, params) for the indexed full-text match.

    `kinds` is for SQLite; here the planner filters kinds through the table's index.
    """
    condition, params = "e.vector @@ CAST(%s AS tsquery)", [tsquery(query)]
    pairs = pairs_tsquery(query)
    if pairs is None:
        return condition, params
    # The pairs' index finds the entries and the vector decides on each, so results
    # are as before. The vector's test is written as a function, which its index
    # cannot answer: the planner would otherwise also read that index for every
    # entry holding the phrase's words, most of the archive for common ones.
    return (
        "e.pairs @@ CAST(%s AS tsquery) AND ts_match_vq(e.vector, CAST(%s AS tsquery))",
        [pairs, *params],
    )


def approximate(query: ParsedQuery, kinds=()) -> tuple[str, list]:
    """The recall fallback when nothing matches exactly: the words inside longer words.

    A substring test of the index's words, as on SQLite, answered by the
    trigram index. (Trigram similarity was tried too: on Arabic it matched
    thousands of unrelated words that share a root's letters, and took a
    full second on 200,000 paragraphs.)
    """
    conditions, params = [], []
    for group in query.groups:
        conditions.append("(" + " OR ".join(["e.body LIKE %s"] * len(group)) + ")")
        params += [_like(term.substring) for term in group]
    for term in query.excluded:
        conditions.append("e.body NOT LIKE %s")
        params.append(_like(term.substring))
    return " AND ".join(conditions), params


def _like(text: str) -> str:
    # Words are letters and digits, so nothing in them is special to LIKE.
    return "%" + text + "%"


def from_clause(query: ParsedQuery, kinds=(), exact: bool = True) -> str:
    return "archive_searchentry e"


def newest(hits: str, params: list, query: ParsedQuery, kinds=(), exact: bool = True, *, limit):
    """(SQL, parameters) of the `limit` newest of the `hits`.

    For a word in many entries the planner walks the kind's entries newest
    first (the indexes of migration 0009) and stops at the limit; for a rare
    one, or a phrase found through its word pairs, it takes the few matches
    from a GIN index and sorts them.
    """
    return f"SELECT * FROM ({hits} ORDER BY e.id DESC LIMIT %s) AS k", [*params, limit]  # noqa: S608
