from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from archive.extensions import reading_page_extensions
from archive.models import Article

ARTICLES_PER_PAGE = 20


def article_list(request):
    articles = Article.objects.visible_to(request.user).for_listing().newest_first()
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/article_list.html", {"page": page})


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.visible_to(request.user).select_related("outlet"), slug=slug
    )
    paragraphs = list(article.paragraphs.all())
    context = {"article": article, "paragraphs": paragraphs}
    for extension in reading_page_extensions:
        context.update(extension(request, article, paragraphs))
    return render(request, "archive/article_detail.html", context)
