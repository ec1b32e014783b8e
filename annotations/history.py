"""History of annotations' tags, which django-simple-history does not follow by itself.

Each historical record of an annotation carries `tag_names`: its tags, sorted
and joined, as they were after that change. Tags are written after the
annotation row (annotation_create saves, then sets the tags; so does the admin
form), so a change of tags completes the record that the same save just made,
rather than adding a second one; a change of tags alone (no save before it on
that object) makes its own "changed" record, as django-simple-history does for
the many-to-many fields it can follow.

Renaming or deleting a Tag is recorded in the tag's own history; the records
of the annotations carrying it keep the names they had.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from annotations.models import ANNOTATION_HISTORY, Annotation, TaggedAnnotation

HistoricalAnnotation = Annotation.history.model
TAG_SEPARATOR = "، "


def tag_names(annotation) -> str:
    return joined(annotation.tags.names())


def joined(names) -> str:
    """Tag names as a history record keeps them: sorted, one string."""
    return TAG_SEPARATOR.join(sorted(names))


@receiver(
    pre_create_historical_record, sender=HistoricalAnnotation, dispatch_uid="history-tag-names"
)
def _record_tag_names(sender, instance, history_instance, **kwargs):
    if history_instance.history_type == "+":
        names = ""  # a new row has no tags yet: they are added after it is saved
    elif history_instance.history_type == "-":
        # The tag links may already be gone with the row: keep the last known names.
        names = (
            sender.objects.filter(id=instance.pk)
            .order_by("-history_date", "-history_id")
            .values_list("tag_names", flat=True)
            .first()
        ) or ""
    else:
        names = tag_names(instance)
    history_instance.tag_names = names
    instance._latest_history_record = history_instance


@receiver(m2m_changed, sender=TaggedAnnotation, dispatch_uid="history-annotation-tags")
def _tags_changed(sender, instance, action, pk_set, **kwargs):
    if not isinstance(instance, Annotation) or action not in {
        "post_add",
        "post_remove",
        "post_clear",
    }:
        return
    if action != "post_clear" and not pk_set:
        return  # taggit sends add/remove signals for empty sets too
    record = getattr(instance, "_latest_history_record", None)
    if record is not None and record.pk is not None:
        record.tag_names = tag_names(instance)
        record.save(update_fields=["tag_names"])
    else:
        ANNOTATION_HISTORY.post_save(instance, created=False)
