from django.urls import path

from annotations.editing import api
from annotations.opendata import read_api
from annotations.opendata import views as opendata_views
from annotations.reading import views as reading_views

app_name = "annotations"

# Arabic slugs: <uslug:> (readingroom.converters), since <slug:> is ASCII-only.
urlpatterns = [
    path(
        "articles/<uslug:slug>/annotations.jsonld",
        opendata_views.article_annotations_jsonld,
        name="article_annotations_jsonld",
    ),
    path("actors/", reading_views.actor_list, name="actor_list"),
    path("actors/<uslug:slug>/", reading_views.actor_detail, name="actor_detail"),
    path("claims/", reading_views.claim_list, name="claim_list"),
    path("claims.csv", opendata_views.claims_csv, name="claims_csv"),
    path("data/", opendata_views.open_data, name="open_data"),
    path("tags/", reading_views.tag_list, name="tag_list"),
    path("tags/<uslug:slug>/", reading_views.tag_detail, name="tag_detail"),
    path(
        "api/articles/<uslug:slug>/annotations/",
        api.article_annotations,
        name="api_article_annotations",
    ),
    path("api/annotations/", api.annotation_create, name="api_annotation_create"),
    path("api/annotations/<int:pk>/", api.annotation_detail, name="api_annotation_detail"),
    path("api/actors/", api.actors, name="api_actors"),
    # The read API (read_api.py): GET only, paginated, the pages' filters and visibility.
    path("api/articles/", read_api.article_list, name="api_article_list"),
    path("api/articles/<uslug:slug>/", read_api.article_detail, name="api_article_detail"),
    path(
        "api/articles/<uslug:slug>/paragraphs/",
        read_api.article_paragraphs,
        name="api_article_paragraphs",
    ),
    path("api/actors/<uslug:slug>/", read_api.actor_detail, name="api_actor_detail"),
    path("api/claims/", read_api.claim_list, name="api_claims"),
]
