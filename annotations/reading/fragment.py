"""GET /articles/<slug>/paragraphs/<N>/fragment/: one paragraph of the reading page, for editors.

After a save, the editor reads back only the paragraph it changed (its element,
its cards and their W3C JSON: page.paragraph_fragment) instead of the whole
page. Only those who may annotate get it; anyone else, and a draft they cannot
see, gets a 404, as for the page's own drafts.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from annotations import permissions
from annotations.reading.page import paragraph_fragment
from archive.models import Article

NOT_FOUND = "لا توجد هذه الفقرة."


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


def _not_found():
    return JsonResponse({"error": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})
