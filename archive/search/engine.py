"""Ranked, visible search results, each group in one query whatever the number of hits.

The database does the matching, ranking, grouping and counting; Python only
loads the rows of the page being shown.
"""

from dataclasses import dataclass

from django.db import connection

from archive.models import Article
from archive.search import postgres, sqlite
from archive.search.query import ParsedQuery

ARTICLE_KINDS = ("article", "paragraph")


def _backend():
    return postgres if connection.vendor == "postgresql" else sqlite


@dataclass(frozen=True)
class ArticleHit:
    article_id: int
    paragraph_id: int | None  # the best-matching paragraph, if any paragraph matched
    score: float
    paragraph_hits: int
    title_hit: bool


@dataclass(frozen=True)
class EntryHit:
    object_id: int
    score: float


def _hits(query: ParsedQuery, kinds, *, published_only: bool, approximate: bool, hidden=None):
    """SQL selecting (object_id, kind, article_id, paragraph_id, score) of every visible match.

    `hidden`, a queryset of ids, leaves out more entries (actors known only from drafts).
    """
    backend = _backend()
    condition, params, score, score_params = (
        backend.approximate(query, kinds) if approximate else backend.match(query, kinds)
    )
    where = [condition, "e.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"]
    params = [*params, *kinds]
    if published_only:
        # Entries without an article (actors) are public; the rest follow their
        # article. Unpublished articles are few, so excluding them costs a look
        # at a short list, where joining every match to its article would not.
        where.append(
            "(e.article_id IS NULL OR e.article_id NOT IN"
            " (SELECT id FROM archive_article WHERE status <> %s))"
        )
        params.append(Article.Status.PUBLISHED)
    if hidden is not None:
        # The ORM compiles the subquery with placeholders; its values stay parameters.
        hidden_sql, hidden_params = hidden.order_by().query.sql_with_params()
        where.append(f"e.object_id NOT IN ({hidden_sql})")
        params.extend(hidden_params)
    # Only fixed SQL is formatted in; every value the reader typed is a parameter.
    source = backend.from_clause(exact=not approximate)
    sql = f"""
        SELECT e.object_id, e.kind, e.article_id, e.paragraph_id, {score} AS score
        FROM {source}
        WHERE {" AND ".join(where)}
    """  # noqa: S608
    return sql, [*score_params, *params]


def article_hits(query, *, published_only, limit, offset, approximate=False):
    """One row per article: its best paragraph, how many paragraphs matched, the page's total."""
    hits, params = _hits(
        query, ARTICLE_KINDS, published_only=published_only, approximate=approximate
    )
    sql = f"""
        WITH hits AS ({hits}),
        ranked AS (
            SELECT article_id, kind, paragraph_id, object_id, score,
                ROW_NUMBER() OVER (
                    PARTITION BY article_id
                    ORDER BY CASE WHEN kind = 'paragraph' THEN 0 ELSE 1 END, score DESC, object_id
                ) AS place,
                MAX(score) OVER (PARTITION BY article_id) AS best,
                SUM(CASE WHEN kind = 'paragraph' THEN 1 ELSE 0 END)
                    OVER (PARTITION BY article_id) AS paragraph_hits,
                MAX(CASE WHEN kind = 'article' THEN 1 ELSE 0 END)
                    OVER (PARTITION BY article_id) AS title_hit
            FROM hits
        )
        SELECT article_id, CASE WHEN kind = 'paragraph' THEN paragraph_id END,
            best, paragraph_hits, title_hit, COUNT(*) OVER ()
        FROM ranked WHERE place = 1
        ORDER BY title_hit DESC, best DESC, article_id
        LIMIT %s OFFSET %s
    """  # noqa: S608 fixed SQL around the parametrised hits
    rows, total, offset = _page(sql, params, limit, offset)
    return [ArticleHit(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows], total, offset


def entry_hits(query, kind, *, published_only, limit, offset, approximate=False, hidden=None):
    hits, params = _hits(
        query, (kind,), published_only=published_only, approximate=approximate, hidden=hidden
    )
    sql = f"""
        WITH hits AS ({hits})
        SELECT object_id, score, COUNT(*) OVER () FROM hits
        ORDER BY score DESC, object_id
        LIMIT %s OFFSET %s
    """  # noqa: S608 fixed SQL around the parametrised hits
    rows, total, offset = _page(sql, params, limit, offset)
    return [EntryHit(r[0], r[1]) for r in rows], total, offset


def _page(sql, params, limit, offset):
    """(rows, total, offset): a page past the end falls back to the first page."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if not rows and offset:
            offset = 0
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
    return rows, (rows[0][-1] if rows else 0), offset
