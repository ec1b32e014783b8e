"""Who may write. Readers and anonymous visitors only read.

Editors (the "Editors" group, or anyone with the model permissions) create
annotations and actors, and change or delete the annotations they created:
an editor's work is not rewritten by another editor by accident. Curators
(staff) change and delete any annotation; that is how disagreements are settled.
"""


def can_annotate(user) -> bool:
    return user.is_authenticated and user.has_perm("annotations.add_annotation")


def can_add_actor(user) -> bool:
    return user.is_authenticated and user.has_perm("annotations.add_actor")


def can_change(user, annotation) -> bool:
    if not user.is_authenticated or not user.has_perm("annotations.change_annotation"):
        return False
    return user.is_staff or annotation.created_by_id == user.pk


def can_delete(user, annotation) -> bool:
    if not user.is_authenticated or not user.has_perm("annotations.delete_annotation"):
        return False
    return user.is_staff or annotation.created_by_id == user.pk
