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


CURATORS_GROUP = "Curators"
# Curators add, change, delete and view these; they read the history of the rest.
CURATOR_MODELS = {
    "archive": ("outlet", "article", "paragraph"),
    "annotations": ("actor", "actoralias", "annotation", "tag"),
}
CURATOR_HISTORY_MODELS = {
    "archive": ("historicalarticle", "historicalparagraph"),
    "annotations": (
        "historicalactor",
        "historicalactoralias",
        "historicalannotation",
        "historicaltag",
    ),
}


def curator_permission_codenames() -> dict[str, list[str]]:
    """{app label: [codename, …]} of the Curators group (also used by migration 0006)."""
    codenames = {}
    for app_label, models in CURATOR_MODELS.items():
        codenames[app_label] = [
            f"{action}_{model}"
            for model in models
            for action in ("add", "change", "delete", "view")
        ]
    for app_label, models in CURATOR_HISTORY_MODELS.items():
        codenames[app_label] += [f"view_{model}" for model in models]
    return codenames


def ensure_curators_group() -> Group:
    """The Curators group with its permissions. A curator is a staff user in this group."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    for app_label, codenames in curator_permission_codenames().items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    return group
