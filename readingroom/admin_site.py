"""The curators' admin site: Arabic and right to left, since it follows LANGUAGE_CODE = "ar".

Beyond Django's site it has a dashboard line for orphaned annotations and
drafts, the page «ما فعله المحررون» (every recorded change, by editor), and
autocomplete choices labelled by the model admin's `autocomplete_label`.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import path, reverse


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        label = getattr(self.model_admin, "autocomplete_label", str)
        return {"id": str(getattr(obj, to_field_name)), "text": label(obj)}


class QiraaAdminSite(admin.AdminSite):
    site_header = "قراءة — الإدارة"
    site_title = "قراءة"
    index_title = "إدارة الأرشيف"
    index_template = "admin/qiraa_index.html"

    def get_urls(self):
        from annotations.curation.activity import activity_view

        return [
            path("activity/", self.admin_view(activity_view), name="activity"),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        from annotations.models import Annotation
        from archive.models import Article

        orphans = Annotation.objects.filter(anchor_state=Annotation.AnchorState.ORPHANED)
        context = {
            "orphan_count": orphans.count(),
            "orphans_url": reverse("admin:annotations_annotation_changelist", current_app=self.name)
            + "?anchor_state__exact=orphaned",
            "draft_count": Article.objects.filter(status=Article.Status.DRAFT).count(),
            "drafts_url": reverse("admin:archive_article_changelist", current_app=self.name)
            + "?status__exact=draft",
            "activity_url": reverse("admin:activity", current_app=self.name),
            **(extra_context or {}),
        }
        return super().index(request, context)
