from django.urls import path

from annotations.editing import api
from annotations.opendata import read_api
from annotations.opendata import views as opendata_views
from annotations.reading import views as reading_views
from annotations.reading.fragment import editor_annotations_view, paragraph_fragment_view
from readingroom.page_cache import cached_page

app_name = "annotations"


def _lists():
    return ("annotations",)


def _article(slug):
    return (f"article:{slug}",)


def _actor(slug):
    return (f"actor:{slug}",)


def _tag(slug):
    return (f"tag:{slug}",)


def _articles():
    return ("articles",)


def _everything():
    return ("articles", "annotations")


# Arabic slugs: <uslug:> (readingroom.converters), since <slug:> is ASCII-only.
# cached_page names what each page shows, so a write renews exactly the pages it changes
# (readingroom/freshness.py, annotations/page_versions.py); the editors' API is never cached.
urlpatterns = [
    path(
        "articles/<uslug:slug>/annotations.jsonld",
        cached_page(_article)(opendata_views.article_annotations_jsonld),
        name="article_annotations_jsonld",
    ),
    # One paragraph of the reading page, for editors after a save (reading/fragment.py).
    path(
        "articles/<uslug:slug>/paragraphs/<int:position>/fragment/",
        paragraph_fragment_view,
        name="paragraph_fragment",
    ),
    # The W3C JSON of an article's annotations, for the editor once it is ready.
    path(
        "articles/<uslug:slug>/editor-data/",
        editor_annotations_view,
        name="editor_annotations",
    ),
    path("actors/", cached_page(_lists)(reading_views.actor_list), name="actor_list"),
    path(
        "actors/<uslug:slug>/", cached_page(_actor)(reading_views.actor_detail), name="actor_detail"
    ),
    path("claims/", cached_page(_lists)(reading_views.claim_list), name="claim_list"),
    path("claims.csv", cached_page(_lists)(opendata_views.claims_csv), name="claims_csv"),
    path("data/", cached_page(_everything)(opendata_views.open_data), name="open_data"),
    path("tags/", cached_page(_lists)(reading_views.tag_list), name="tag_list"),
    path("tags/<uslug:slug>/", cached_page(_tag)(reading_views.tag_detail), name="tag_detail"),
    path(
        "api/articles/<uslug:slug>/annotations/",
        api.article_annotations,
        name="api_article_annotations",
    ),
    path("api/annotations/", api.annotation_create, name="api_annotation_create"),
    path("api/annotations/<int:pk>/", api.annotation_detail, name="api_annotation_detail"),
    path("api/actors/", api.actors, name="api_actors"),
    # The read API (read_api.py): GET only, paginated, the pages' filters and visibility.
    path("api/articles/", cached_page(_articles)(read_api.article_list), name="api_article_list"),
    path(
        "api/articles/<uslug:slug>/",
        cached_page(_article)(read_api.article_detail),
        name="api_article_detail",
    ),
    path(
        "api/articles/<uslug:slug>/paragraphs/",
        cached_page(_article)(read_api.article_paragraphs),
        name="api_article_paragraphs",
    ),
    path(
        "api/actors/<uslug:slug>/",
        cached_page(_actor)(read_api.actor_detail),
        name="api_actor_detail",
    ),
    path("api/claims/", cached_page(_lists)(read_api.claim_list), name="api_claims"),
]
