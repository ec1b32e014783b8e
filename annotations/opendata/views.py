"""Open data views: annotations as W3C JSON-LD, the claims as CSV, and the /data/ page."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from annotations.opendata import csv_export, exporting
from annotations.reading import browse
from annotations.reading.claims import ClaimSearch, kept_total
from archive.counts import article_total
from archive.models import Article, sees_drafts
from readingroom.plural import PUBLISHED_ARTICLE, TAGGED_CLAIM, count_of


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


@require_GET
def claims_csv(request):
    """The claims of /claims/ with the same filters, as CSV (published only: see csv_export)."""
    search = ClaimSearch(request.GET, user=request.user, path=reverse("annotations:claim_list"))
    if search.problems:
        # A file silently wider than asked would be worse than no file.
        return HttpResponseBadRequest(
            f"لم يُصدَّر الملف، ففي المرشحات ما لا يصلح: {search.problem_text()}",
            content_type="text/plain; charset=utf-8",
        )
    rows = csv_export.ClaimsCsv(
        csv_export.published(search.results()),
        base=request.build_absolute_uri("/").rstrip("/"),
    )
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_export.filename()}"'
    return response


@require_GET
def open_data(request):
    """/data/: what Qira'a offers as data, for researchers, with the published archive's size."""
    # Kept by the writes (archive/counts.py, annotations/counts.py): no count over the archive.
    article_count = article_total(AnonymousUser())
    claim_count = kept_total("published")
    return render(
        request,
        "annotations/open_data.html",
        {
            "article_count": article_count,
            "articles": count_of(article_count, PUBLISHED_ARTICLE),
            "claim_count": claim_count,
            "claims": count_of(claim_count, TAGGED_CLAIM),
        },
    )
