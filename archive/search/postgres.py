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


def match(query: ParsedQuery, kinds=()) -> tuple[str, list, str, list]:
    """(condition, params, score, params) for the indexed full-text match.

    `kinds` is for SQLite; here the planner filters kinds through the table's index.
    """
    # Ranked on the wanted words only: ts_rank scores a negated query near zero.
    return (
        "e.vector @@ to_tsquery('arabic', %s)",
        [tsquery(query)],
        "ts_rank(e.vector, to_tsquery('arabic', %s))",
        [tsquery(query, with_excluded=False)],
    )


def approximate(query: ParsedQuery, kinds=()) -> tuple[str, list, str, list]:
    """The recall fallback when nothing matches exactly: the words inside longer words.

    A substring test, as on SQLite, answered by the trigram index. (Trigram
    similarity was tried too: on Arabic it matched thousands of unrelated
    words that share a root's letters, and took a full second on 200,000
    paragraphs.)
    """
    conditions, params = [], []
    for group in query.groups:
        alternatives = [_substring(term) for term in group]
        conditions.append("(" + " OR ".join(["e.body LIKE %s"] * len(alternatives)) + ")")
        params += [_like(text) for text in alternatives]
    for term in query.excluded:
        conditions.append("e.body NOT LIKE %s")
        params.append(_like(" ".join(term.words)))
    return " AND ".join(conditions), params, "0", []


def _substring(term: Term) -> str:
    return " ".join(term.words) if term.exact or term.is_phrase else term.forms[-1]


def _like(text: str) -> str:
    # Words are \w+ runs, so only the underscore needs escaping from LIKE.
    return "%" + text.replace("_", "\\_") + "%"


def from_clause(exact: bool = True) -> str:
    return "archive_searchentry e"
