from django.urls import path

from archive import views

app_name = "archive"

# Arabic slugs: <str:> because Django's <slug:> converter is ASCII-only.
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/<str:slug>/", views.article_detail, name="article_detail"),
    path("search/", views.search, name="search"),
]
