"""The admin page where a curator uploads an annotation file (W3C JSON-LD) to import."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe

from annotations.opendata.import_files import (
    AnnotationImportError,
    read_annotation_file,
    refuse_if_too_large,
)
from annotations.opendata.importing import import_collection


class AnnotationFileForm(forms.Form):
    file = forms.FileField(
        label="ملف التوسيمات",
        # Latin names isolated, or the bidi algorithm moves them to the ends of the line.
        help_text=mark_safe(  # a constant of ours: no user text in it
            "ملف بصيغة <bdi>JSON-LD</bdi> على نموذج <bdi>W3C</bdi> للتوسيمات، كما يكتبه الأمر "
            "<bdi>export_annotations</bdi> أو رابط «<bdi>W3C JSON-LD</bdi>» أسفل صفحة المقال."
        ),
    )


def import_annotations_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = AnnotationFileForm(request.POST or None, request.FILES or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": "استيراد توسيمات",
        "limit": settings.ANNOTATIONS_MAX_IMPORT_BYTES,
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            refuse_if_too_large(upload.name, upload.size)  # before reading the upload
            data = read_annotation_file(upload.read(), name=upload.name)
            report = import_collection(data, site_url=request.build_absolute_uri("/").rstrip("/"))
        except AnnotationImportError as exc:
            context["problems"] = exc.problems
        else:
            widened = (
                f"، ووُسّع {report.widened} إلى حروف كاملة (كان يقسم لام ألف أو حركة أو رمزًا)"
                if report.widened
                else ""
            )
            messages.success(
                request,
                f"استُورد {upload.name}: أُنشئ {report.created}، وحُدّث {report.updated}، "
                f"وتُرك {report.skipped} كما هو، وأعيد إيجاد {report.refound} بنصّه{widened}؛ "
                f"فاعلون جدد: {report.actors_created}.",
            )
            return redirect("admin:annotations_annotation_changelist")
    return TemplateResponse(request, "admin/annotations/annotation/import.html", context)
