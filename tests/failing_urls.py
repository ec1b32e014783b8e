"""The site's URLs plus one that fails, to see the 500 page as a reader would."""

from django.urls import path

from readingroom.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a bug, for the 500 page")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
