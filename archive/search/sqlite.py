"""Full-text matching on SQLite: FTS5 over the words Python wrote (see migration 0005).

The FTS5 table uses the `ascii` tokenizer, which splits only at ASCII spaces
and punctuation: the index's columns hold nothing else between words, so
FTS5 sees exactly the words PostgreSQL sees.
"""

from archive.search.query import ParsedQuery, Term


def _string(words) -> str:
    # Words are letters and digits; quoting keeps FTS5 from reading them as
    # operators (a reader may search for "NOT" or "OR").
    return '"' + " ".join(words) + '"'


def _any(forms) -> str:
    return "(" + " OR ".join(_string([form]) for form in forms) + ")"


def _term(term: Term) -> str:
    if not term.matches_forms:
        return "body : " + _string(term.words)
    # The word's own forms meet any column; its bare bases only the text's own forms.
    own = "{body stems bare} : " + _any(term.forms)
    if not term.bare_forms:
        return own
    return f"({own} OR {{body stems}} : {_any(term.bare_forms)})"


def fts_query(query: ParsedQuery, kinds=()) -> str:
    groups = ["(" + " OR ".join(_term(term) for term in group) + ")" for group in query.groups]
    # The kind is matched in the index too, paragraphs included: the newest
    # entries are often another kind's (a rebuild writes actors and annotations
    # last), and a common word would otherwise have the join read thousands of
    # them before the first paragraph. FTS5 steps through the kind's list to the
    # word's matches, so this costs little when the word is rare.
    if kinds:
        groups.insert(0, "kind : (" + " OR ".join(_string([kind]) for kind in kinds) + ")")
    positive = " AND ".join(groups)
    if not query.excluded:
        return positive
    return f"({positive}) NOT (" + " OR ".join(_term(term) for term in query.excluded) + ")"


def match(query: ParsedQuery, kinds=()) -> tuple[str, list]:
    return "archive_searchentry_fts MATCH %s", [fts_query(query, kinds)]


TRIGRAM = 3


def _by_trigrams(query: ParsedQuery) -> bool:
    """Whether the trigram table can find every wanted piece (three letters or more)."""
    return all(len(term.substring) >= TRIGRAM for term in query.terms)


def _dense(kinds) -> bool:
    """Paragraphs: nearly every entry, so reading matches newest first soon meets enough."""
    return tuple(kinds) == ("paragraph",)


def approximate(query: ParsedQuery, kinds=()) -> tuple[str, list]:
    """The recall fallback when nothing matches exactly: the words inside longer words.

    The trigram table finds substrings of three letters or more; a shorter one
    («في») is looked for in every row, as a trigram index cannot hold it.
    """
    wanted = [[term.substring for term in group] for group in query.groups]
    unwanted = [term.substring for term in query.excluded]
    if _by_trigrams(query):
        expression = " AND ".join(
            "(" + " OR ".join(_string([text]) for text in texts) + ")" for texts in wanted
        )
        if _dense(kinds):
            conditions = ["archive_searchentry_trgm MATCH %s"]
        else:
            # A rarer kind is read through its own index, each row checked
            # against the trigram matches: walking every match newest first would
            # pass every paragraph's before the oldest title's.
            conditions = [
                "e.id IN (SELECT rowid FROM archive_searchentry_trgm"
                " WHERE archive_searchentry_trgm MATCH %s)"
            ]
        params = [expression]
    else:
        conditions = [
            "(" + " OR ".join(["instr(e.body, %s) > 0"] * len(texts)) + ")" for texts in wanted
        ]
        params = [text for texts in wanted for text in texts]
    conditions += ["instr(e.body, %s) = 0"] * len(unwanted)
    return " AND ".join(conditions), [*params, *unwanted]


def _index_table(query: ParsedQuery, kinds, exact: bool) -> str | None:
    """The FTS5 table whose matches the search reads in order, if it reads one so."""
    if exact:
        return "archive_searchentry_fts"
    if _dense(kinds) and _by_trigrams(query):
        return "archive_searchentry_trgm"
    return None


def from_clause(query: ParsedQuery, kinds=(), exact: bool = True) -> str:
    table = _index_table(query, kinds, exact)
    if table is not None:
        # CROSS JOIN keeps the FTS match as the outer loop; left to itself the
        # planner may walk SearchEntry by kind and run MATCH once per row.
        return f"{table} CROSS JOIN archive_searchentry e ON e.id = {table}.rowid"
    if _dense(kinds):
        # Short pieces in paragraphs: the table newest first, not the kind's
        # index and a sort of every match, so that a LIMIT stops it early.
        return "archive_searchentry e NOT INDEXED"
    return "archive_searchentry e"


def newest(hits: str, params: list, query: ParsedQuery, kinds=(), exact: bool = True, *, limit):
    """(SQL, parameters) of the `limit` newest of the `hits`.

    FTS5 keeps each word's (or trigram's) entries in rowid order and reads them
    backwards as cheaply as forwards, so the LIMIT stops it early, however
    common the word. A subquery of its own: SQLite takes a LIMIT inside
    UNION ALL only so.
    """
    table = _index_table(query, kinds, exact)
    order = f"{table}.rowid DESC" if table else "e.id DESC"
    return f"SELECT * FROM ({hits} ORDER BY {order} LIMIT %s) AS k", [*params, limit]  # noqa: S608
