"""The read API: articles, paragraphs, actors and claims as plain JSON, GET only.

Views are thin: queries come from browse.py and claims.py, so the API lists
exactly what the pages list, with the same filters and the same visibility
(readers: published articles only; editors and curators also drafts, marked).
Lists are paginated (`?page=`, `?page_size=` up to MAX_PAGE_SIZE) and cost a
constant number of queries whatever the page size. No user appears in any
answer, so neither do e-mail addresses. docs/api.md, "Read API".
"""

from django.core.paginator import EmptyPage, Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode

from annotations import w3c
from annotations.editing.api import ApiError, api_view, base_url, json_response
from annotations.reading import browse
from annotations.reading.claims import ClaimSearch
from archive.counts import CountedPaginator, article_total
from archive.models import Article, sees_drafts

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
JSON = "application/json"


# Views


@api_view("GET")
def article_list(request):
    base = base_url(request)
    show_status = sees_drafts(request.user)
    articles = browse.articles_with_counts(request.user)
    return _json(
        _paginated(
            request,
            articles,
            lambda a: article_json(a, base, show_status=show_status),
            count=article_total(request.user),
        )
    )


@api_view("GET")
def article_detail(request, slug):
    article = get_object_or_404(browse.articles_with_counts(request.user), slug=slug)
    base = base_url(request)
    data = article_json(article, base, show_status=sees_drafts(request.user))
    data["paragraphs"] = [paragraph_json(p, article, base) for p in article.paragraphs.all()]
    return _json(data)


@api_view("GET")
def article_paragraphs(request, slug):
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    base = base_url(request)
    paragraphs = article.paragraphs.order_by("position")
    return _json(_paginated(request, paragraphs, lambda p: paragraph_json(p, article, base)))


@api_view("GET")
def actor_detail(request, slug):
    actor = browse.actor_profile(request.user, slug)
    counts = (
        browse.actors_with_counts(request.user)
        .filter(pk=actor.pk)
        .values("claim_count", "mention_count")
        .get()
    )
    return _json(actor_json(actor, counts, base_url(request)))


@api_view("GET")
def claim_list(request):
    search = ClaimSearch(request.GET, user=request.user, path=reverse("annotations:claim_list"))
    if search.problems:
        raise ApiError(400, f"لم تُطبَّق المرشحات: {search.problem_text()}", search.problems)
    base = base_url(request)
    return _json(_paginated(request, search.listing(), lambda c: claim_json(c, base)))


# Shapes


def outlet_json(outlet):
    if outlet is None:
        return None
    return {"slug": outlet.slug, "name": outlet.name, "url": outlet.url or None}


def article_json(article, base, *, show_status=False) -> dict:
    """An article with counts. Expects browse.articles_with_counts() annotations."""
    page = f"{base}{article.get_absolute_url()}"
    api = f"{base}{reverse('annotations:api_article_detail', kwargs={'slug': article.slug})}"
    data = {
        "slug": article.slug,
        "title": article.title,
        "outlet": outlet_json(article.outlet),
        "date": article.published_on.isoformat() if article.published_on else None,
        "author": article.author or None,
        "url": page,
        "sourceUrl": article.url or None,
        "counts": {
            "paragraphs": article.paragraph_count,
            "claims": article.claim_count,
            "sources": article.source_count,
            "actorMentions": article.actor_mention_count,
        },
        "links": {
            "self": api,
            "paragraphs": f"{base}{reverse('annotations:api_article_paragraphs', kwargs={'slug': article.slug})}",
            "annotations": f"{base}{reverse('annotations:api_article_annotations', kwargs={'slug': article.slug})}",
        },
    }
    if show_status:
        data["status"] = article.status
    return data


def paragraph_json(paragraph, article, base) -> dict:
    return {
        "position": paragraph.position,
        "anchor": paragraph.anchor,
        "url": f"{base}{article.get_absolute_url()}#{paragraph.anchor}",
        "text": paragraph.text,
    }


def actor_ref(actor, base):
    """An actor as named from a claim or another actor."""
    if actor is None:
        return None
    data = {
        "id": f"{base}{actor.get_absolute_url()}",
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "api": f"{base}{reverse('annotations:api_actor_detail', kwargs={'slug': actor.slug})}",
    }
    if actor.wikidata_id:
        data["sameAs"] = actor.wikidata_url
    return data


def actor_json(actor, counts, base) -> dict:
    """An actor's profile. Expects browse.actor_profile() (aliases, visible parent and children)."""
    return {
        "id": f"{base}{actor.get_absolute_url()}",
        "slug": actor.slug,
        "name": actor.name,
        "nameEn": actor.name_en or None,
        "kind": actor.kind,
        "kindLabel": actor.get_kind_display(),
        "country": actor.country or None,
        "description": actor.description or None,
        "wikidata": actor.wikidata_id or None,
        "sameAs": actor.wikidata_url or None,
        "aliases": [a.alias for a in actor.aliases.all()],
        "parent": actor_ref(actor.visible_parent, base),
        "children": [actor_ref(child, base) for child in actor.children.all()],
        "counts": {"claims": counts["claim_count"], "mentions": counts["mention_count"]},
        "links": {
            "claims": f"{base}{reverse('annotations:api_claims')}?{urlencode({'speaker': actor.slug})}",
        },
    }


def claim_json(claim, base) -> dict:
    """A claim as a row of the index. Expects browse.for_rows() relations and tags prefetched."""
    article, via = claim.paragraph.article, claim.via
    data = {
        "id": w3c.annotation_iri(claim, base),
        "quote": claim.exact,
        "speaker": actor_ref(claim.actor, base),
        "cue": claim.cue or None,
        "stance": claim.stance or None,
        "quoteType": claim.quote or None,
        "source": None,
        "tags": [
            {"name": tag.name, "slug": tag.slug}
            for tag in sorted(claim.tags.all(), key=lambda t: t.name)
        ],
        "article": {
            "slug": article.slug,
            "title": article.title,
            "outlet": outlet_json(article.outlet),
            "date": article.published_on.isoformat() if article.published_on else None,
            "url": f"{base}{article.get_absolute_url()}",
            "api": f"{base}{reverse('annotations:api_article_detail', kwargs={'slug': article.slug})}",
        },
        "permalink": f"{base}{article.get_absolute_url()}#{claim.anchor}",
    }
    if via is not None:
        data["source"] = {
            "id": w3c.annotation_iri(via, base),
            "quote": via.exact,
            "specificity": via.specificity or None,
            "actor": actor_ref(via.actor, base),
        }
    if not article.is_published:
        data["articleStatus"] = w3c.DRAFT
    return data


# Pagination


def _positive_int(request, name, default) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ApiError(400, f"{name} عدد صحيح موجب.", {name: ["invalid"]})
    return value


def _paginated(request, queryset, shape, *, count=None) -> dict:
    """{count, next, previous, results} for ?page= and ?page_size=; a page past the last is 404.

    `count`, when the writes keep it, saves counting the rows.
    """
    number = _positive_int(request, "page", 1)
    size = min(_positive_int(request, "page_size", PAGE_SIZE), MAX_PAGE_SIZE)
    if count is None:
        paginator = Paginator(queryset, size)
    else:
        paginator = CountedPaginator(queryset, size, count=count)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise ApiError(
            404, f"لا صفحة {number}؛ عدد الصفحات {paginator.num_pages}.", {"page": ["out of range"]}
        ) from None
    return {
        "count": paginator.count,
        "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_link(request, page.previous_page_number())
        if page.has_previous()
        else None,
        "results": [shape(item) for item in page.object_list],
    }


def _page_link(request, number) -> str:
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _json(data):
    return json_response(data, content_type=JSON)
