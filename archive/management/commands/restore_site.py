from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from archive import backup


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup written by backup_site (of the same engine). "
        "Everything in the live database is replaced: articles, annotations, users, history. "
        "Asks you to type the database name unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes=False, **options):
        try:
            plan = backup.check_restore(Path(file))
            if not yes:
                self._confirm(plan)
            after = backup.restore(plan)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        except (DatabaseError, OSError) as exc:
            raise CommandError(f"restore failed: {exc}") from None
        self.stdout.write(f"restored {plan.path} into {plan.database}: {after}")
        if plan.pending:
            self.stdout.write(
                f"the backup is from an older version: {len(plan.pending)} migration(s) to "
                "apply; run manage.py migrate now"
            )

    def _confirm(self, plan):
        try:
            now = f"{backup.live_counts()} now"
        except DatabaseError:  # a new, empty database: the usual case on a new machine
            now = "empty or not migrated"
        self.stdout.write(
            f"This replaces everything in the database {plan.database} ({now}) "
            f"with the backup {plan.path}."
        )
        try:
            answer = input(f"Type the database name ({plan.database}) to confirm: ")
        except (EOFError, KeyboardInterrupt):
            answer = None
        if answer is None or answer.strip() != plan.database:
            raise CommandError("not confirmed; nothing was restored (pass --yes to skip asking)")
