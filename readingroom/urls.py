from django.contrib import admin
from django.urls import include, path, register_converter

from readingroom.converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = "قراءة — الإدارة"
admin.site.site_title = "قراءة"
admin.site.index_title = "إدارة الأرشيف"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("annotations.urls")),
    path("", include("archive.urls")),
]
