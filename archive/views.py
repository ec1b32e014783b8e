from django.http import Http404, HttpResponse
from django.shortcuts import render

from archive import reading_parts
from archive.counts import CountedPaginator, article_total
from archive.extensions import reading_page_extensions
from archive.models import Article
from archive.search.query import QueryProblem, parse
from archive.search.results import search as run_search
from archive.search.suggest import suggest
from archive.slugs import find_by_slug, redirect_to_current
from readingroom import freshness
from readingroom.page_cache import page_versions

ARTICLES_PER_PAGE = 20


def article_list(request):
    articles = Article.objects.visible_to(request.user).for_listing().newest_first()
    # The number of pages comes from the count the writes keep, not from counting the archive.
    paginator = CountedPaginator(articles, ARTICLES_PER_PAGE, count=article_total(request.user))
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "archive/article_list.html", {"page": page})


def article_detail(request, slug):
    kept = None
    if reading_parts.for_anonymous(request):
        # Versions before any row (readingroom/freshness.py): the page cache read them already.
        current = page_versions(request) or freshness.versions([f"article:{slug}"])
        kept = reading_parts.kept_parts(request, current)
        if kept.value is not None:
            # Kept under these versions only from this slug's page as readers see it; a change
            # to its slug, its publishing or its rows renews them first (archive/page_versions.py).
            return HttpResponse(reading_parts.page_around(request, kept.value))
    article = find_by_slug(
        Article.objects.visible_to(request.user).select_related("outlet"),
        slug,
        history=lambda: Article.history.all(),
    )
    if article is None:
        raise Http404
    if article.slug != slug:  # an old link, or a slug typed with harakat or ٢٦
        return redirect_to_current(request, article)
    paragraphs = list(article.paragraphs.all())
    context = {"article": article, "paragraphs": paragraphs}
    for extension in reading_page_extensions:
        context.update(extension(request, article, paragraphs))
    parts = reading_parts.page_blocks(request, context) if kept is not None else None
    if parts is None:
        return render(request, "archive/article_detail.html", context)
    return HttpResponse(reading_parts.page_around(request, kept.get_or_build(lambda: parts)))


# Deeper pages than this are not browsed by people; the cap keeps offsets sane.
MAX_SEARCH_PAGE = 500


def search(request):
    text = request.GET.get("q", "")
    context = {"search_text": text, "only": request.GET.get("in") or ""}
    if text.strip():
        try:
            query = parse(text)
        except QueryProblem as problem:
            context["problem"] = problem
        else:
            only = context["only"] or None
            results = run_search(query, user=request.user, only=only, page=_page_number(request))
            context["results"] = results
            if not results.total:
                context["suggestion"] = suggest(query, user=request.user, only=only)
    return render(request, "archive/search/search.html", context)


def _page_number(request) -> int:
    try:
        return min(max(1, int(request.GET.get("page", 1))), MAX_SEARCH_PAGE)
    except ValueError:
        return 1
