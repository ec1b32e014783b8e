"""Small display helpers shared by the admin lists."""

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
