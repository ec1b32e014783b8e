"""The paragraphs of an article in its admin page."""

from django.contrib import admin

from archive.models import Paragraph


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0
    ordering = ["position"]
