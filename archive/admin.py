from django.contrib import admin

from archive.models import Article, Outlet
from archive.paragraph_admin import ParagraphInline


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on", "status", "updated"]
    list_filter = ["status", "outlet", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "source_name"]
    readonly_fields = ["source_name", "text_sha256", "created", "updated"]
    inlines = [ParagraphInline]
    view_on_site = True
