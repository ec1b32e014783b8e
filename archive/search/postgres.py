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


# The full-text match, and the same test written as a function, which the words'
# index cannot answer: a query that must read rows one by one says so with it.
_MATCH = "e.vector @@ CAST(%s AS tsquery)"
_MATCH_EACH_ROW = "ts_match_vq(e.vector, CAST(%s AS tsquery))"


def match(query: ParsedQuery, kinds=()) -> tuple[str, list]:
    """(condition, params) for the indexed full-text match.

    `kinds` is for SQLite; here the planner filters kinds through the table's index.
    """
    condition, params = _MATCH, [tsquery(query)]
    pairs = pairs_tsquery(query)
    if pairs is None:
        return condition, params
    # The pairs' index finds the entries and the vector decides on each, so results
    # are as before. The vector's test is written as a function, which its index
    # cannot answer: the planner would otherwise also read that index for every
    # entry holding the phrase's words, most of the archive for common ones.
    return (
        f"e.pairs @@ CAST(%s AS tsquery) AND {_MATCH_EACH_ROW}",
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


# A rarer kind's newest entries read one by one before its index of words is asked:
# matches that common fill the page from these; rarer ones come from the index.
RECENT_ENTRIES = 4000


def newest(hits: str, params: list, query: ParsedQuery, kinds=(), exact: bool = True, *, limit):
    """(SQL, parameters) of the `limit` newest of the `hits`.

    Paragraphs are nearly every entry: the planner walks them newest first (the
    index of migration 0009) and stops at the limit, or, for a phrase, takes its
    few matches from the word pairs' index.

    A rarer kind (titles, actors, notes) is read in two steps, as the planner
    cannot tell from its statistics, which are the whole table's, how many of a
    kind hold the words: walking a kind newest first for words that few of its
    entries hold read the whole kind, every row. So its newest RECENT_ENTRIES are
    walked first; when they hold fewer than `limit` matches, the matches are
    sparse, and the older ones are taken from the words' index (GIN), which
    costs what they number, and sorted. Either way the result is the newest
    `limit` matches.
    """
    if tuple(kinds) == ("paragraph",) or len(kinds) != 1:
        return f"SELECT * FROM ({hits} ORDER BY e.id DESC LIMIT %s) AS k", [*params, limit]  # noqa: S608
    # The newest entries are tested one by one: asking the words' index for them
    # costs what every entry holding the words costs, as much again as for the older.
    walked = hits.replace(_MATCH, _MATCH_EACH_ROW)
    # Only fixed SQL is formatted in; the kind and the counts are parameters.
    sql = f"""
        SELECT * FROM (SELECT * FROM (
            WITH edge AS MATERIALIZED (
                SELECT COALESCE((
                    SELECT id FROM archive_searchentry WHERE kind = %s
                    ORDER BY id DESC OFFSET %s LIMIT 1
                ), 0) AS id
            ),
            recent AS MATERIALIZED (
                SELECT * FROM ({walked} AND e.id > (SELECT id FROM edge)) AS h
                ORDER BY h.id DESC LIMIT %s
            )
            SELECT * FROM recent
            UNION ALL
            SELECT * FROM (
                {hits} AND e.id <= (SELECT id FROM edge)
                AND (SELECT id FROM edge) > 0 AND (SELECT count(*) FROM recent) < %s
                -- Not the id's own order: the planner would walk the kind again.
                ORDER BY e.id + 0 DESC LIMIT %s
            ) AS older
        ) AS found ORDER BY found.id DESC LIMIT %s) AS k
    """  # noqa: S608
    return sql, [kinds[0], RECENT_ENTRIES, *params, limit, *params, limit, limit, limit]
