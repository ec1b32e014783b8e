from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from archive import backup


class Command(BaseCommand):
    help = (
        "Write a full backup of the site's database to FILE: articles, annotations, actors, "
        "tags, users with their password hashes, groups, history and the search index. "
        "SQLite: SQLite's online backup; PostgreSQL: pg_dump's custom format. Safe while the "
        "site runs. Restore it with restore_site."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
        parser.add_argument(
            "--lock-timeout",
            type=int,
            default=300,
            metavar="SECONDS",
            help="PostgreSQL: give up when a table stays locked this long (default 300)",
        )

    def handle(self, *args, file, force=False, lock_timeout=300, **options):
        if lock_timeout < 1:
            raise CommandError("--lock-timeout must be at least 1 second; no backup written")
        try:
            report = backup.back_up(Path(file), force=force, lock_timeout=lock_timeout)
        except backup.BackupError as exc:
            raise CommandError(f"{exc}; no backup written") from None
        except (DatabaseError, OSError) as exc:
            raise CommandError(f"backup failed: {exc}; no backup written") from None
        engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[report.engine]
        self.stdout.write(
            f"wrote {report.path} ({backup.human_size(report.size)}, {engine} backup): "
            f"{report.counts}"
        )
