"""Open data views: annotations as W3C JSON-LD."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from annotations import browse, exporting
from archive.models import Article, sees_drafts


def article_annotations_jsonld(request, slug):
    """/articles/<slug>/annotations.jsonld: the article's annotations as a W3C collection, paged."""
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    annotations = browse.shown_annotations(request.user).for_article(article)
    url = request.build_absolute_uri(request.path)
    base = request.build_absolute_uri("/").rstrip("/")
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    hidden = exporting.hidden_actors(published_only=not sees_drafts(request.user))
    data = exporting.article_page(
        article, annotations, base=base, url=url, page=page, hidden=hidden
    )
    return JsonResponse(
        data,
        content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        json_dumps_params={"ensure_ascii": False},
    )
