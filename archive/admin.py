"""The archive in the curators' admin: outlets, articles with their paragraphs, history.

annotations/curation/admin.py extends ArticleAdmin with annotation counts and a
"has annotations" filter, since the archive does not import annotations.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from archive.admin_text import isolated, text_column
from archive.models import Article, Outlet, Paragraph
from archive.paragraph_admin import ParagraphInline
from archive.slugs import TypeableSlugField
from readingroom.admin_display import AutoDirectionAdmin, OptionalSlugAdmin, short, short_datetime
from readingroom.history_admin import HistoryAdmin
from readingroom.plural import ARTICLE, count_of


class TypeableSlugs:
    """A ModelAdmin mixin: a slug typed by a curator is saved the way readers type it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "slug":
            kwargs["form_class"] = TypeableSlugField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# An address typed without a scheme is read as https:// (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(AutoDirectionAdmin, TypeableSlugs, OptionalSlugAdmin, admin.ModelAdmin):
    list_display = ["outlet_name", "outlet_url", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = URL_FIELDS
    outlet_name = text_column(Outlet, "name")
    outlet_url = text_column(Outlet, "url", ltr=True)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="المقالات", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count


@admin.register(Article)
class ArticleAdmin(TypeableSlugs, OptionalSlugAdmin, HistoryAdmin):
    slug_source = "العنوان"
    rtl_fields = ("title",)

    list_display = [
        "article_title",
        "outlet_name",
        "published_on",
        "status",
        "public_page",
        "updated_at",
    ]
    list_filter = ["status", "outlet", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "source_name", "author"]
    readonly_fields = ["source_file", "text_fingerprint", "created", "updated"]
    exclude = ["source_name"]
    inlines = [ParagraphInline]
    view_on_site = True
    formfield_overrides = URL_FIELDS
    actions = ["publish", "unpublish"]
    # Titles and outlet names with their numbers and Latin words isolated (archive/admin_text.py).
    article_title = text_column(Article, "title")
    outlet_name = text_column(Article, "outlet.name")

    # File names and hashes are left to right; isolated, Arabic cannot reorder them.
    @admin.display(description="الملف المصدر")
    def source_file(self, article):
        return format_html('<bdi dir="ltr">{}</bdi>', article.source_name)

    @admin.display(description="بصمة النص")
    def text_fingerprint(self, article):
        return format_html('<bdi dir="ltr">{}</bdi>', article.text_sha256)

    @admin.display(description="الصفحة العامة")
    def public_page(self, article):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">عرض</a>', article.get_absolute_url()
        )

    @admin.display(description="عُدّل", ordering="updated")
    def updated_at(self, article):
        return short_datetime(article.updated)

    @admin.action(description="نشر المقالات المحددة", permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_status(request, queryset, Article.Status.PUBLISHED, "نشر")
        unchanged = queryset.count() - changed
        message = f"نُشر: {count_of(changed, ARTICLE)}."
        if unchanged:
            message += f" منشور من قبل: {count_of(unchanged, ARTICLE)}."
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description="إلغاء نشر المقالات المحددة", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = self._set_status(request, queryset, Article.Status.DRAFT, "إلغاء النشر")
        unchanged = queryset.count() - changed
        message = f"أُعيد إلى المسودات، فلا يراه القرّاء: {count_of(changed, ARTICLE)}."
        if unchanged:
            message += f" مسودة من قبل: {count_of(unchanged, ARTICLE)}."
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)

    @transaction.atomic  # all the selected articles or none, if the database stays busy
    def _set_status(self, request, queryset, status, reason) -> int:
        """Saves each article (not queryset.update) so history records who changed it."""
        changed = 0
        for article in queryset.exclude(status=status):
            article.status = status
            article._history_user = request.user
            article._change_reason = reason
            article.save(update_fields=["status", "updated"])
            self.log_change(request, article, reason)  # the dashboard's «آخر الإجراءات»
            changed += 1
        return changed


def paragraph_label(paragraph) -> str:
    """How a paragraph reads in a choice: its article, its number, its first words."""
    title = short(paragraph.article.title, 40)
    return f"{title} — ف{paragraph.position}: {short(paragraph.text, 70)}"


@admin.register(Paragraph)
class ParagraphAdmin(HistoryAdmin):
    """Read-only: for finding a paragraph (the annotation form's autocomplete) and its history.

    Paragraphs are corrected in their article's page, where the change
    re-anchors the article's annotations (archive/paragraph_admin.py).
    """

    list_display = ["excerpt", "position", "article_link"]
    list_select_related = ["article"]
    list_filter = ["article__status"]
    search_fields = ["text", "article__title"]
    fields = ["article", "position", "text_as_read"]
    readonly_fields = ["text_as_read"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        # A paragraph is deleted in its article's page, where its annotations
        # are re-anchored first; deleting the article deletes its paragraphs,
        # which is why the delete permission itself stays as granted.
        raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {"show_delete": False, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def autocomplete_label(self, paragraph) -> str:
        return paragraph_label(paragraph)

    @admin.display(description="النص")
    def text_as_read(self, paragraph):
        """The whole text, its numbers and Latin words isolated."""
        return format_html('<div class="stored-text" dir="rtl">{}</div>', isolated(paragraph.text))

    @admin.display(description="النص")
    def excerpt(self, paragraph):
        return isolated(paragraph.text, 90)

    @admin.display(description="المقال", ordering="article__title")
    def article_link(self, paragraph):
        url = reverse("admin:archive_article_change", args=[paragraph.article_id])
        return format_html('<a href="{}">{}</a>', url, isolated(paragraph.article.title, 60))
