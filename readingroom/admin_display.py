"""Small display helpers shared by the admin lists."""

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html


def short_datetime(value):
    """«2024-07-26 14:05», left to right inside the Arabic page, unambiguous and narrow."""
    if value is None:
        return "—"
    return format_html(
        '<bdi dir="ltr" class="nowrap">{}</bdi>',
        date_format(timezone.localtime(value), "Y-m-d H:i"),
    )


def short(text: str, length: int) -> str:
    """`text` cut to about `length` characters at a word boundary, with «…»: Arabic words stay whole."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip("،,؛:. ") + "…"


class OptionalSlugAdmin:
    """A ModelAdmin mixin: the slug may be left empty, and the model derives it (Arabic letters kept)."""

    slug_source = "الاسم"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "slug" in form.base_fields:
            field = form.base_fields["slug"]
            field.required = False
            field.help_text = (
                f"يُشتق من {self.slug_source} بحروفه العربية إن تُرك فارغًا. تغييره يغيّر رابط الصفحة."
            )
        return form


# The text boxes a curator reads stored text in: titles, names, addresses, paragraphs, quotes.
TEXT_WIDGETS = (forms.TextInput, forms.URLInput, forms.EmailInput, forms.Textarea)


class AutoDirectionAdmin:
    """A ModelAdmin (or inline) mixin: each text box takes its direction from its own text.

    With dir="auto" an English name, an address or «+963 11 234 5678» reads left to right
    in the right-to-left admin instead of with its «+» and groups turned around, and an
    Arabic name stays right to left. The fields in `rtl_fields` hold an Arabic article's
    own words (its title, a quote): they stay right to left as on the reading page, even
    when they open with «SY24». A text box cannot isolate a number inside an Arabic value
    («تقرير 2020-11-09»); the heading and breadcrumbs above the form show it isolated.
    """

    rtl_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, TEXT_WIDGETS):
            widget.attrs.setdefault("dir", "rtl" if db_field.name in self.rtl_fields else "auto")
        return field
