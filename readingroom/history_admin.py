"""The admin's history pages (django-simple-history), readable in Arabic.

Every model with history uses HistoryAdmin: a "history" button on each
object lists who changed it, when, and each field old ← new, with choice
labels instead of stored codes and «—» for an empty value.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from readingroom.admin_display import AutoDirectionAdmin, short

EMPTY = "—"


@dataclass(frozen=True)
class ExtraChange:
    """A value kept on the historical record beside the model's fields (an annotation's tags)."""

    label: str
    attribute: str

    def context(self, delta) -> dict | None:
        old = getattr(delta.old_record, self.attribute)
        new = getattr(delta.new_record, self.attribute)
        if old == new:
            return None
        return {
            "field": self.label,
            "old": short(old, 100) or EMPTY,
            "new": short(new, 100) or EMPTY,
        }


class HistoryHelper(HistoricalRecordContextHelper):
    def __init__(self, model, historical_record, *, extra_changes=(), **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.extra_changes = extra_changes

    def context_for_delta_changes(self, delta):
        changes = super().context_for_delta_changes(delta)
        extra = (extra.context(delta) for extra in self.extra_changes)
        return changes + [change for change in extra if change is not None]

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return EMPTY  # an empty foreign key, not a deleted object
            return f"{value.model._meta.verbose_name} محذوف (#{value.pk})"
        if value is None or value == "":
            return EMPTY
        field = self.model._meta.get_field(change.field)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return value


class HistoryAdmin(AutoDirectionAdmin, SimpleHistoryAdmin):
    """History pages in Arabic; text boxes that take their direction from their text."""

    object_history_list_template = "admin/history_list.html"
    history_extra_changes: tuple[ExtraChange, ...] = ()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Past versions are for reading (settings.SIMPLE_HISTORY_REVERT_DISABLED):
        # the library would still save a POST here, past the change form's checks
        # and with view permission only.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryHelper(
            self.model, historical_record, extra_changes=self.history_extra_changes
        )
