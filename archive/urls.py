from django.urls import path

from archive import views
from readingroom.page_cache import cached_page

app_name = "archive"


def article(slug):
    return (f"article:{slug}",)


# Arabic slugs: <uslug:> (readingroom.converters), since <slug:> is ASCII-only.
# cached_page names what each page shows, so a write renews exactly the pages it changes
# (readingroom/freshness.py, archive/page_versions.py, annotations/page_versions.py).
urlpatterns = [
    path("", cached_page(lambda: ("articles",))(views.article_list), name="article_list"),
    path(
        "articles/<uslug:slug>/",
        cached_page(article)(views.article_detail),
        name="article_detail",
    ),
    path("search/", cached_page(lambda: ("search",))(views.search), name="search"),
]
