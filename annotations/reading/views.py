"""The reader's browse pages: actors, claims and tags. Queries live in browse.py and claims.py.

The claims as CSV and the open data page are open data's (annotations/opendata/views.py)."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse

from annotations.reading import browse
from annotations.reading.claims import ClaimSearch
from archive.counts import CountedPaginator
from archive.models import sees_drafts
from archive.slugs import redirect_to_current

ACTORS_PER_PAGE = 100
CLAIMS_PER_PAGE = 25
ANNOTATIONS_PER_PAGE = 25
MENTION_ARTICLES_PER_PAGE = 25
TAGS_PER_PAGE = 200


def actor_list(request):
    form = browse.ActorListForm(request.GET)
    form.is_valid()
    # A bad kind is reported and ignored; the name search still applies.
    filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    actors = browse.actors_with_counts(request.user, **filters)
    total = browse.list_total(
        request.user, actors, "actor-total", filters.get("kind") or "", filters.get("q") or ""
    )
    page = CountedPaginator(actors, ACTORS_PER_PAGE, count=total).get_page(request.GET.get("page"))
    page_query = QueryDict(mutable=True)
    page_query.update({name: value for name, value in filters.items() if value})
    return render(
        request,
        "annotations/actor_list.html",
        {"form": form, "filters": filters, "page": page, "page_query": page_query},
    )


def actor_detail(request, slug):
    actor = browse.actor_profile(request.user, slug)
    if actor.slug != slug:  # an old link, or a slug typed with harakat or ٢٦
        return redirect_to_current(request, actor)
    claims = browse.actor_claims(request.user, actor)
    page = Paginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    mentions = Paginator(
        browse.actor_mentions_by_article(request.user, actor), MENTION_ARTICLES_PER_PAGE
    ).get_page(request.GET.get("mentions"))
    return render(
        request,
        "annotations/actor_detail.html",
        {
            "actor": actor,
            # The actor's own name is always stored as an alias; it is already the heading.
            "aliases": [a for a in actor.aliases.all() if a.alias != actor.name],
            "page": page,
            "mentions": mentions,
            "mention_count": browse.actor_mention_count(request.user, actor),
        },
    )


def claim_list(request):
    search = ClaimSearch(request.GET, user=request.user, path=request.path)
    page = Paginator(search.listing(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    query = search.querystring()
    return render(
        request,
        "annotations/claim_list.html",
        {
            "search": search,
            "page": page,
            # Page links repeat neither a refused value nor its complaint.
            "page_query": search.query_dict(),
            "facets": search.facets(page.paginator.count),
            # The same filters, as a spreadsheet and as JSON; refused filters are left out.
            "csv_url": _with_query(reverse("annotations:claims_csv"), query),
            "api_url": _with_query(reverse("annotations:api_claims"), query),
            "csv_leaves_out_drafts": sees_drafts(request.user),
        },
    )


def _with_query(path, query):
    return f"{path}?{query}" if query else path


def tag_list(request):
    # Tags grow with the archive: a page of them, the most used first (an index walks it).
    tags = browse.tags_with_counts(request.user)
    total = browse.list_total(request.user, tags, "tag-total")
    page = CountedPaginator(tags, TAGS_PER_PAGE, count=total).get_page(request.GET.get("page"))
    return render(request, "annotations/tag_list.html", {"page": page})


def tag_detail(request, slug):
    tag = browse.tag_by_slug(request.user, slug)
    if tag.slug != slug:
        return redirect_to_current(request, tag)
    annotations = browse.tag_annotations(request.user, tag)
    page = Paginator(annotations, ANNOTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "annotations/tag_detail.html",
        {"tag": tag, "page": page, "articles": browse.tag_articles(request.user, tag)},
    )
