"""Going back a migration stops before it would lose data, and says what and what to do.

A migration whose backwards step would throw data away (drop a table or a column
that holds something, take users out of a group) ends with `refuse_losses(...)`.
Migrations are undone operation by operation from the last, so this check runs
before anything of the migration is undone; each migration refuses only for what
it itself would lose, so one refused after later ones were undone has lost nothing
(those lost nothing either, and `manage.py migrate` applies them again).

An empty table, column or group is no loss: an empty database goes back to zero.
Someone who means to lose the data names the migration in QIRAA_MIGRATE_BACK_ANYWAY.
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import CommandError
from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError
from django.db.models import Q

ANYWAY_VARIABLE = "QIRAA_MIGRATE_BACK_ANYWAY"


@dataclass(frozen=True)
class Loss:
    """One thing a backwards step would destroy.

    `what` completes "it would …"; `tables` (and `column`, when only a column goes)
    say where it lives, so a test can check that nothing else was lost.
    """

    what: str
    tables: tuple[str, ...]
    column: str = ""


class MigrationRefused(CommandError, IrreversibleError):
    """A backwards migration that would lose data.

    A CommandError, so `manage.py migrate` prints the message alone (no traceback)
    and exits 1; an IrreversibleError for code that runs migrations itself.
    """

    def __init__(self, message, losses):
        super().__init__(message)
        self.losses = losses


def refuse_losses(module_name: str, *checks):
    """The last operation of a migration: does nothing forwards, refuses backwards on a loss.

    `module_name` is the migration module's `__name__`; each check takes the
    migration's `apps` and returns the Losses it finds.
    """
    app_label, _, migration_name = module_name.rpartition(".")
    app_label = app_label.removesuffix(".migrations").rpartition(".")[2]

    def refuse(apps, schema_editor):
        losses = [loss for check in checks for loss in check(apps)]
        if losses and not going_back_anyway(app_label, migration_name):
            raise MigrationRefused(refusal(app_label, migration_name, losses), losses)

    return migrations.RunPython(migrations.RunPython.noop, refuse)


def going_back_anyway(app_label: str, migration_name: str) -> bool:
    """Whether QIRAA_MIGRATE_BACK_ANYWAY names this migration (`app.0007` or its full name)."""
    named = {item.strip() for item in os.environ.get(ANYWAY_VARIABLE, "").split(",")}
    number = migration_name.split("_", 1)[0]
    return bool(named & {f"{app_label}.{migration_name}", f"{app_label}.{number}"})


def refusal(app_label: str, migration_name: str, losses) -> str:
    number = migration_name.split("_", 1)[0]
    return (
        f"{app_label} {migration_name} would lose data if it went back: it would "
        f"{'; '.join(loss.what for loss in losses)}. Nothing of it has been changed.\n"
        "To return to the latest version, run 'manage.py migrate'. To go back all the same "
        "and lose this, back up first (manage.py backup_site FILE; README, 'Backup and "
        f"restore'), then run the command again with {ANYWAY_VARIABLE}={app_label}.{number}"
    )


def counted(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def rows(model: str, singular: str, plural: str):
    """A check: the table of `model` ("app.Model") holds rows; it would be dropped."""

    def check(apps):
        Model = apps.get_model(model)
        n = Model._base_manager.count()
        if not n:
            return []
        table = Model._meta.db_table
        return [Loss(f"delete {counted(n, singular, plural)} (table {table})", (table,))]

    return check


def filled(model: str, field: str, what: str, singular: str, plural: str):
    """A check: rows of `model` with a value in `field`, a column that would be dropped."""

    def check(apps):
        Model = apps.get_model(model)
        n = Model._base_manager.exclude(Q(**{field: ""}) | Q(**{f"{field}__isnull": True})).count()
        if not n:
            return []
        column = Model._meta.get_field(field).column
        return [
            Loss(
                f"drop {what} of {counted(n, singular, plural)} (column {column})",
                (Model._meta.db_table,),
                column,
            )
        ]

    return check


def group(name: str, permissions: dict[str, list[str]]):
    """A check for a group the backwards step deletes and forwards creates again.

    Its members would be taken out of it, and permissions other than `permissions`
    ({app label: [codename, …]}, what forwards gives it) would not come back.
    """

    def check(apps):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        found = Group.objects.filter(name=name).first()
        if found is None:
            return []
        tables = (
            Group._meta.db_table,
            Group.permissions.through._meta.db_table,
            apps.get_model(settings.AUTH_USER_MODEL).groups.through._meta.db_table,
        )
        losses = []
        members = found.user_set.count()
        if members:
            losses.append(
                Loss(f"take {counted(members, 'user', 'users')} out of the group {name}", tables)
            )
        held = set(found.permissions.values_list("content_type__app_label", "codename"))
        given = set()
        for app_label, codenames in permissions.items():
            given |= set(
                Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                ).values_list("content_type__app_label", "codename")
            )
        added = sorted(f"{a}.{c}" for a, c in held - given)
        removed = sorted(f"{a}.{c}" for a, c in given - held)
        if added:
            losses.append(
                Loss(
                    f"lose the permissions given to the group {name} since: {', '.join(added)}",
                    tables,
                )
            )
        if removed:
            losses.append(
                Loss(
                    f"give back the permissions taken from the group {name} since: {', '.join(removed)}",
                    tables,
                )
            )
        return losses

    return check
