from django.urls import path

from annotations import api, views

app_name = "annotations"

urlpatterns = [
    path("actors/<str:slug>/", views.actor_detail, name="actor_detail"),
    path(
        "api/articles/<str:slug>/annotations/",
        api.article_annotations,
        name="api_article_annotations",
    ),
    path("api/annotations/", api.annotation_create, name="api_annotation_create"),
    path("api/annotations/<int:pk>/", api.annotation_detail, name="api_annotation_detail"),
    path("api/actors/", api.actors, name="api_actors"),
]
