"""Stored text in the admin, shown as readers see it: Latin and number runs isolated.

In a right-to-left line a number after Arabic letters is turned around group by
group: «اجتماع 2020-11-09» reads «09-11-2020 اجتماع» and «الهاتف: 0944-123-456»
reads «456-123-0944». Each run in its own <bdi> keeps its order, the same way the
reading pages show it (archive/bidi.py). The change lists use these columns for
titles, names and quotes; the templates in templates/admin/ do the same for
headings and breadcrumbs with the `isolated` filter (archive/templatetags/stored_text.py).
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive.bidi import isolate_ltr_runs
from readingroom.admin_display import short


def isolated(text, length: int | None = None) -> SafeString:
    """`text` (cut to about `length` characters) escaped, each Latin or number run in <bdi>."""
    text = "" if text is None else str(text)
    return isolate_ltr_runs(short(text, length) if length else text)


def _follow(obj, path: str):
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def text_column(
    model, path: str, *, length: int | None = None, ltr: bool = False, ordering: str | None = None
):
    """A change-list column for the text at `path` ("title", "outlet.name"), isolated.

    Its heading is the model field's name, and it sorts by that field (or `ordering`). An address or
    a code (`ltr`) is one left-to-right run as a whole, its slashes included.
    """
    first = model._meta.get_field(path.split(".")[0])

    @admin.display(description=first.verbose_name, ordering=ordering or path.replace(".", "__"))
    def column(model_admin, obj):
        value = _follow(obj, path)
        if value is None or value == "":
            return model_admin.get_empty_value_display()
        if ltr:
            return format_html('<bdi dir="ltr">{}</bdi>', value)
        return isolated(value, length)

    return column
