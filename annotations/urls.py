from django.urls import path

from annotations import api, views

app_name = "annotations"

# Arabic slugs: <uslug:> (readingroom.converters), since <slug:> is ASCII-only.
urlpatterns = [
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<uslug:slug>/", views.actor_detail, name="actor_detail"),
    path("claims/", views.claim_list, name="claim_list"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag_detail"),
    path(
        "api/articles/<uslug:slug>/annotations/",
        api.article_annotations,
        name="api_article_annotations",
    ),
    path("api/annotations/", api.annotation_create, name="api_annotation_create"),
    path("api/annotations/<int:pk>/", api.annotation_detail, name="api_annotation_detail"),
    path("api/actors/", api.actors, name="api_actors"),
]
