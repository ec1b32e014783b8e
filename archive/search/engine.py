"""Ranked, visible search results: each group in one query, however common the words.

The database finds the matches and hands over at most the newest CANDIDATES
of each kind (titles, paragraphs, actors, notes), newest first from its
index, so that a word in half the archive costs what a rarer one does; Python
scores those (archive.search.ranking), groups the articles and keeps the
page. Ranking every hit of a common word meant reading every one of them to
weigh it, and a reader pages through a few dozen at most. Below the cap
nothing is left out: every hit is ranked and counted. Above it, a group
ranks its newest matches and says that it holds at least its count
(`capped`).
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection

from archive.models import Article
from archive.search import postgres, ranking, sqlite
from archive.search.query import ParsedQuery

ARTICLE_KINDS = ("article", "paragraph")
# Ten pages of 20 entries: what readers page through, few enough to read and
# rank in milliseconds. PostgreSQL's cost grows with it fastest: for words its GIN
# index cannot answer alone (weights), each candidate is found among dozens of rows read.
CANDIDATES = 200


def _backend():
    return postgres if connection.vendor == "postgresql" else sqlite


@dataclass(frozen=True)
class ArticleHit:
    article_id: int
    paragraph_id: int | None  # the best-matching paragraph, if any paragraph matched
    score: int
    paragraph_hits: int
    title_hit: bool


@dataclass(frozen=True)
class EntryHit:
    object_id: int
    score: int


@dataclass(frozen=True)
class HitPage:
    hits: list
    total: int  # every visible hit or, when `capped`, every one ranked
    offset: int  # of the page shown: a page past the end shows the first
    capped: bool = False  # a kind had more matches than CANDIDATES: `total` is a floor


class _Candidate(NamedTuple):
    """A match read from the index: hundreds per search, so a tuple, cheap to make."""

    entry_id: int
    object_id: int
    kind: str
    article_id: int | None
    paragraph_id: int | None
    score: int


def _hits(
    query: ParsedQuery,
    kinds,
    *,
    published_only: bool,
    approximate: bool,
    hidden=None,
    columns: str = "",
):
    """SQL selecting (id, object_id, kind, article_id, paragraph_id, *columns) of visible matches.

    `hidden`, a queryset of ids, leaves out more entries (actors known only
    from drafts); `columns` are more of the entry's columns, comma first.
    """
    backend = _backend()
    condition, params = (
        backend.approximate(query, kinds) if approximate else backend.match(query, kinds)
    )
    where = [condition, "e.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"]
    params = [*params, *kinds]
    if published_only:
        # Entries without an article (actors) are public; the rest follow their
        # article. Unpublished articles are few, so excluding them costs a look
        # at a short list, where joining every match to its article would not;
        # the list is read from the status index (which <> cannot use) both sides
        # of «published».
        where.append(
            "(e.article_id IS NULL OR e.article_id NOT IN"
            " (SELECT id FROM archive_article WHERE status < %s OR status > %s))"
        )
        params += [Article.Status.PUBLISHED, Article.Status.PUBLISHED]
    if hidden is not None:
        # The ORM compiles the subquery with placeholders; its values stay parameters.
        hidden_sql, hidden_params = hidden.order_by().query.sql_with_params()
        where.append(f"e.object_id NOT IN ({hidden_sql})")
        params.extend(hidden_params)
    # Only fixed SQL is formatted in; every value the reader typed is a parameter.
    source = backend.from_clause(query, kinds, exact=not approximate)
    sql = f"""
        SELECT e.id, e.object_id, e.kind, e.article_id, e.paragraph_id{columns}
        FROM {source}
        WHERE {" AND ".join(where)}
    """  # noqa: S608
    return sql, params


@dataclass(frozen=True)
class Candidates:
    """What one query found: each kind's ranked candidates, and the kinds the cap cut."""

    by_kind: dict
    capped: frozenset


def find(query, kinds, *, published_only, approximate=False, hidden=None) -> Candidates:
    """The newest CANDIDATES visible matches of each of `kinds`, scored: one query for all.

    Newest is the highest entry id: each index keeps its matches in that
    order, so the database reads these rows and few others, and both
    databases choose the same ones. One more than the cap is read, to know
    whether there are more. `hidden` maps a kind to a queryset of the ids
    readers may not find.
    """
    parts, params = [], []
    for kind in kinds:
        sql, kind_params = _hits(
            query,
            (kind,),
            published_only=published_only,
            approximate=approximate,
            hidden=(hidden or {}).get(kind),
            columns=", e.body, e.stems, e.bare",
        )
        newest, newest_params = _backend().newest(
            sql, kind_params, query, (kind,), exact=not approximate, limit=CANDIDATES + 1
        )
        parts.append(newest)
        params += newest_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    score = ranking.Scorer(query)
    by_kind: dict[str, list[_Candidate]] = {kind: [] for kind in kinds}
    for entry_id, object_id, kind, article_id, paragraph_id, body, stems, bare in sorted(
        rows, key=lambda row: -row[0]
    ):
        by_kind[kind].append(
            _Candidate(
                entry_id,
                object_id,
                kind,
                article_id,
                paragraph_id,
                # The approximate matcher found pieces of words: there is nothing to weigh.
                0 if approximate else score(body, stems, bare),
            )
        )
    capped = frozenset(kind for kind, found in by_kind.items() if len(found) > CANDIDATES)
    return Candidates({kind: found[:CANDIDATES] for kind, found in by_kind.items()}, capped)


def _candidates(query, kinds, *, published_only, approximate, hidden=None):
    """(candidates of `kinds`, the kinds capped), for callers that rank them themselves."""
    found = find(
        query,
        kinds,
        published_only=published_only,
        approximate=approximate,
        hidden=dict.fromkeys(kinds, hidden) if hidden is not None else None,
    )
    return [c for kind in kinds for c in found.by_kind[kind]], found.capped


def article_page(query, *, published_only, limit, offset, approximate=False) -> HitPage:
    found = find(query, ARTICLE_KINDS, published_only=published_only, approximate=approximate)
    return articles_of(found, limit=limit, offset=offset)


def articles_of(found: Candidates, *, limit, offset) -> HitPage:
    """One hit per article, best first: its best paragraph, how many paragraphs matched.

    Articles whose title matches come first, then by their best entry's
    score, then by id; an article's paragraph is its best-scored one (the
    first of equals), or none when only the title matched.
    """
    candidates = [c for kind in ARTICLE_KINDS for c in found.by_kind[kind]]
    if "paragraph" in found.capped:
        candidates = _whole_articles(candidates)
    articles: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        articles.setdefault(candidate.article_id, []).append(candidate)
    hits = []
    for article_id, entries in articles.items():
        paragraphs = [entry for entry in entries if entry.kind == "paragraph"]
        best_paragraph = min(paragraphs, key=lambda p: (-p.score, p.object_id), default=None)
        hits.append(
            ArticleHit(
                article_id,
                best_paragraph.paragraph_id if best_paragraph else None,
                max(entry.score for entry in entries),
                len(paragraphs),
                any(entry.kind == "article" for entry in entries),
            )
        )
    hits.sort(key=lambda hit: (not hit.title_hit, -hit.score, hit.article_id))
    page, offset = _slice(hits, limit, offset)
    capped = bool(found.capped & set(ARTICLE_KINDS))
    return HitPage(page, len(hits), offset, capped)


def _whole_articles(candidates):
    """The candidates less the article the cap may have cut: the one of the oldest paragraph.

    An article's paragraphs are indexed together, so every other article has
    all its matching paragraphs here, and its count of them is exact.
    """
    oldest = min((c for c in candidates if c.kind == "paragraph"), key=lambda c: c.entry_id)
    kept = [c for c in candidates if c.article_id != oldest.article_id]
    return kept or candidates


def entry_page(
    query, kind, *, published_only, limit, offset, approximate=False, hidden=None
) -> HitPage:
    found = find(
        query,
        (kind,),
        published_only=published_only,
        approximate=approximate,
        hidden={kind: hidden} if hidden is not None else None,
    )
    return entries_of(found, kind, limit=limit, offset=offset)


def entries_of(found: Candidates, kind, *, limit, offset) -> HitPage:
    """Entries of one kind, best first (then by id)."""
    hits = [EntryHit(c.object_id, c.score) for c in found.by_kind[kind]]
    hits.sort(key=lambda hit: (-hit.score, hit.object_id))
    page, offset = _slice(hits, limit, offset)
    return HitPage(page, len(hits), offset, kind in found.capped)


def article_hits(query, *, published_only, limit, offset, approximate=False):
    """(hits, total, offset) of article_page()."""
    page = article_page(
        query, published_only=published_only, limit=limit, offset=offset, approximate=approximate
    )
    return page.hits, page.total, page.offset


def entry_hits(query, kind, *, published_only, limit, offset, approximate=False, hidden=None):
    """(hits, total, offset) of entry_page()."""
    page = entry_page(
        query,
        kind,
        published_only=published_only,
        limit=limit,
        offset=offset,
        approximate=approximate,
        hidden=hidden,
    )
    return page.hits, page.total, page.offset


def _slice(hits, limit, offset):
    """(the page, its offset): a page past the end is the first page."""
    if offset >= len(hits):
        offset = 0
    return hits[offset : offset + limit], offset
