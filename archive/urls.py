from django.urls import path

from archive import views

app_name = "archive"

# Arabic slugs: <uslug:> (readingroom.converters), since <slug:> is ASCII-only.
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/<uslug:slug>/", views.article_detail, name="article_detail"),
    path("search/", views.search, name="search"),
]
