"""What the editor reads of the reading page besides the page itself, for editors only.

GET /articles/<slug>/paragraphs/<N>/fragment/: after a save, the editor reads
back only the paragraph it changed (its element, its cards and their W3C JSON:
page.paragraph_fragment) instead of the whole page.
GET /articles/<slug>/editor-data/: the W3C JSON of every annotation of the
article ({id: annotation}), which editor-data.js reads once the editor is ready
(page.editor_annotations_json).

Only those who may annotate get them; anyone else, and a draft they cannot
see, gets a 404, as for the page's own drafts.
"""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from annotations import permissions
from annotations.reading.page import editor_annotations_json, paragraph_fragment
from archive.models import Article

NOT_FOUND = "لا توجد هذه الفقرة."
NO_ARTICLE = "لا يوجد هذا المقال."


@never_cache
@require_GET
def paragraph_fragment_view(request, slug, position):
    if not permissions.can_annotate(request.user):
        return _not_found()
    article = (
        Article.objects.visible_to(request.user).select_related("outlet").filter(slug=slug).first()
    )
    paragraph = article and article.paragraphs.filter(position=position).first()
    if paragraph is None:
        return _not_found()
    return JsonResponse(
        paragraph_fragment(request, article, paragraph), json_dumps_params={"ensure_ascii": False}
    )


@never_cache
@require_GET
def editor_annotations_view(request, slug):
    if not permissions.can_annotate(request.user):
        return _not_found(NO_ARTICLE)
    article = (
        Article.objects.visible_to(request.user).select_related("outlet").filter(slug=slug).first()
    )
    if article is None:
        return _not_found(NO_ARTICLE)
    return HttpResponse(
        editor_annotations_json(request, article), content_type="application/json; charset=utf-8"
    )


def _not_found(message=NOT_FOUND):
    return JsonResponse({"error": message}, status=404, json_dumps_params={"ensure_ascii": False})
