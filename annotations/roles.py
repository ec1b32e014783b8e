"""The Editors group and its permissions (also created by migration 0002)."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"
EDITOR_MODELS = ("annotation", "actor", "actoralias", "tag")


def ensure_editors_group() -> Group:
    """The group, with its permissions restored if a database flush removed them."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [
        f"{action}_{model}"
        for model in EDITOR_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="annotations", codename__in=codenames),
        # Viewing every article, drafts included (migration 0004): editors
        # annotate an article before a curator publishes it.
        *Permission.objects.filter(content_type__app_label="archive", codename="view_article"),
    )
    return group
