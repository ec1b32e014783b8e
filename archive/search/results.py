"""What the search page shows: every group's page of results, loaded in a fixed number of queries."""

from dataclasses import dataclass, field, replace

from archive.models import Article, Paragraph, sees_drafts
from archive.search import engine, snippets
from archive.search.groups import result_groups
from archive.search.query import ParsedQuery

PAGE_SIZE = 20
PREVIEW_SIZE = 5
ARTICLES = "articles"


@dataclass
class ResultPage:
    """Just enough of Django's Page for templates/archive/_pagination.html."""

    number: int
    total: int
    size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def has_other_pages(self):
        return self.num_pages > 1

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


@dataclass
class GroupResults:
    key: str
    label: str
    template: str
    total: int
    items: list
    page: ResultPage | None = None  # None when the group is a preview of its first results
    # More matches than a search ranks (engine.CANDIDATES): `total` is those ranked.
    capped: bool = False

    @property
    def count(self) -> str:
        """The group's count as the page shows it: a floor when capped, as only so many are ranked."""
        return f"{self.total} على الأقل" if self.capped else str(self.total)


@dataclass
class SearchResults:
    query: ParsedQuery
    groups: list[GroupResults] = field(default_factory=list)
    approximate: bool = False

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def search(query: ParsedQuery, *, user, only: str | None = None, page: int = 1) -> SearchResults:
    """Articles first (grouped, with their best paragraph), then each registered group.

    With `only`, one group is shown and paged; without it, articles are paged
    and the other groups show their first results. If nothing matches exactly,
    the same search runs once more with the approximate matcher.
    """
    if only not in (ARTICLES, *result_groups):
        only = None
    published_only = not sees_drafts(user)
    results = _run(query, only, page, published_only, approximate=False)
    if results.total == 0:
        # The copy tells the snippets to mark what this run looked for inside longer words.
        approximate = replace(query, approximate=True)
        results = _run(approximate, only, page, published_only, approximate=True)
        results.approximate = results.total > 0
        if not results.approximate:
            results.query = query
    return results


def _run(query, only, page, published_only, *, approximate):
    """Every group shown, from one query for all their matches."""
    results = SearchResults(query)
    groups = [(key, group) for key, group in result_groups.items() if only in (None, key)]
    kinds = [
        *(engine.ARTICLE_KINDS if only in (None, ARTICLES) else ()),
        *(g.kind for _, g in groups),
    ]
    hidden = {
        group.kind: group.hidden_from_readers()
        for _, group in groups
        if published_only and group.hidden_from_readers
    }
    found = engine.find(
        query, kinds, published_only=published_only, approximate=approximate, hidden=hidden
    )
    if only in (None, ARTICLES):
        results.groups.append(_articles(query, found, page))
    for key, group in groups:
        size = PAGE_SIZE if only == key else PREVIEW_SIZE
        number = page if only == key else 1
        shown = engine.entries_of(found, group.kind, limit=size, offset=(number - 1) * size)
        hits = shown.hits
        results.groups.append(
            GroupResults(
                key=key,
                label=group.label,
                template=group.template,
                total=shown.total,
                items=group.load([hit.object_id for hit in hits], query) if hits else [],
                page=ResultPage(shown.offset // size + 1, shown.total, size)
                if only == key
                else None,
                capped=shown.capped,
            )
        )
    return results


def _articles(query, found, number):
    shown = engine.articles_of(found, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    hits, total, offset = shown.hits, shown.total, shown.offset
    articles, paragraphs = {}, {}
    if hits:
        # Without the models' default orderings, which in_bulk() does not need and which
        # join and sort (a paragraph is ordered by its article's own ordering).
        articles = (
            Article.objects.select_related("outlet")
            .order_by()
            .in_bulk([h.article_id for h in hits])
        )
        paragraphs = Paragraph.objects.order_by().in_bulk(
            [h.paragraph_id for h in hits if h.paragraph_id]
        )
    items = []
    for hit in hits:
        article = articles.get(hit.article_id)
        if article is None:
            continue  # deleted between the two queries
        paragraph = paragraphs.get(hit.paragraph_id)
        items.append(
            {
                "article": article,
                "title": snippets.highlight(article.title, query),
                "paragraph": paragraph,
                "snippet": snippets.snippet(paragraph.text, query) if paragraph else "",
                "paragraph_hits": hit.paragraph_hits,
            }
        )
    return GroupResults(
        key=ARTICLES,
        label="المقالات",
        template="archive/search/_article.html",
        total=total,
        items=items,
        page=ResultPage(offset // PAGE_SIZE + 1, total, PAGE_SIZE),
        capped=shown.capped,
    )
