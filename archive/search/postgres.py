"""Full-text matching on PostgreSQL: the `arabic` configuration over the folded copy.

The query is built from the parsed terms rather than handed to
websearch_to_tsquery, so that PostgreSQL and SQLite read a query the same way.
Words are \\w+ runs from the parser, so they never hold a quote or an operator.
"""

from archive.search.query import ParsedQuery, Term


def _lexeme(word: str, weight: str = "") -> str:
    return f"'{word}':{weight}" if weight else f"'{word}'"


def _term(term: Term) -> str:
    # Weight A is the folded text itself; B holds the bases of prefixed words,
    # which phrases and quoted words must not match.
    if term.is_phrase:
        return "(" + " <-> ".join(_lexeme(word, "A") for word in term.words) + ")"
    if term.exact:
        return _lexeme(term.words[0], "A")
    return "(" + " | ".join(_lexeme(form) for form in term.forms) + ")"


def tsquery(query: ParsedQuery, *, with_excluded: bool = True) -> str:
    parts = ["(" + " | ".join(_term(term) for term in group) + ")" for group in query.groups]
    if with_excluded:
        parts += ["!" + _term(term) for term in query.excluded]
    return " & ".join(parts)


def match(query: ParsedQuery) -> tuple[str, list, str, list]:
    """(condition, params, score, params) for the indexed full-text match."""
    # Ranked on the wanted words only: ts_rank scores a negated query near zero.
    return (
        "e.vector @@ to_tsquery('arabic', %s)",
        [tsquery(query)],
        "ts_rank(e.vector, to_tsquery('arabic', %s))",
        [tsquery(query, with_excluded=False)],
    )


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _approximate_term(term: Term) -> tuple[str, list]:
    if term.exact or term.is_phrase:
        return "e.body LIKE %s", [_like(" ".join(term.words))]
    base = term.forms[-1]
    # Substring (as on SQLite) or a close spelling; both use the trigram index.
    return "(e.body LIKE %s OR %s <%% e.body)", [_like(base), base]


def approximate(query: ParsedQuery) -> tuple[str, list, str, list]:
    """The recall fallback when nothing matches exactly: substrings and near spellings."""
    conditions, params = [], []
    for group in query.groups:
        parts = [_approximate_term(term) for term in group]
        conditions.append("(" + " OR ".join(sql for sql, _ in parts) + ")")
        params += [value for _, values in parts for value in values]
    for term in query.excluded:
        conditions.append("e.body NOT LIKE %s")
        params.append(_like(" ".join(term.words)))
    words = [term.forms[-1] for term in query.terms if not (term.exact or term.is_phrase)]
    score = " + ".join(["word_similarity(%s, e.body)"] * len(words)) or "0"
    return " AND ".join(conditions), params, score, words


def from_clause(exact: bool = True) -> str:
    return "archive_searchentry e"
