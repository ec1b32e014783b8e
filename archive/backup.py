"""A full backup of the site, and its restore, with the database's own tools.

Everything the site keeps is in its database: articles and their paragraphs,
annotations, actors, tags, users with their password hashes, groups, history
and the search index. A backup is therefore the database itself, written by
the engine's own tool, and a restore puts the whole of it back:

- SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a
  consistent snapshot while the site runs and writes, and restores the same way
  in one step, so other connections see the old database or the new, never half.
- PostgreSQL: `pg_dump --format=custom` from one exported snapshot (the counts
  printed are read in that same snapshot), and a restore that replays the dump
  in a single transaction, after dropping the tables the backup does not have,
  so a failure changes nothing and a success leaves exactly the backup's tables.

The W3C export (annotations.opendata.exporting) is interchange between sites and
engines, not a backup: it holds annotations and actors only.

This module sits in archive, which never imports annotations: the annotation
count goes through the app registry by name.
"""

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader

from readingroom import freshness

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
CLIENT_PACKAGE = "postgresql-client"


class BackupError(Exception):
    """A refusal or failure, said in one line for the command line; nothing was changed."""


@dataclass
class Counts:
    articles: int
    annotations: int
    users: int

    def __str__(self):
        return ", ".join(
            f"{count} {noun if count == 1 else noun + 's'}"
            for count, noun in (
                (self.articles, "article"),
                (self.annotations, "annotation"),
                (self.users, "user"),
            )
        )


@dataclass
class BackupReport:
    path: Path
    engine: str
    size: int
    counts: Counts


@dataclass
class RestorePlan:
    """A backup file checked against this site: safe to restore."""

    path: Path
    engine: str
    database: str
    # Migrations this code has and the backup lacks: `migrate` is due after the restore.
    pending: list[tuple[str, str]] = field(default_factory=list)
    # PostgreSQL: the tables the dump holds (the live database keeps no others).
    tables: set[tuple[str, str]] = field(default_factory=set)


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def database_name() -> str:
    """What the operator types to confirm a restore: the PostgreSQL database, or the SQLite file's name."""
    name = str(settings.DATABASES["default"]["NAME"])
    return Path(name).name if engine() == "sqlite" else name


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""  # unreachable


# Backing up ---------------------------------------------------------------


def back_up(target: Path, *, force: bool = False, lock_timeout: int = 300) -> BackupReport:
    """Write a full backup of the live database to `target`, atomically.

    The file appears only once complete (written beside it, then renamed), so a
    failed backup never leaves a half file, nor replaces a good one.
    """
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup file's name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; choose another name or pass --force")
    if engine() == "sqlite" and target.exists() and target.samefile(_sqlite_live_path()):
        raise BackupError(f"{target} is the site's live database itself")
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    # Readable by its owner only from the first byte: it holds password hashes and drafts.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if engine() == "sqlite":
            counts = _sqlite_back_up(partial)
        else:
            counts = _pg_back_up(partial, lock_timeout=lock_timeout)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, engine(), target.stat().st_size, counts)


def _sqlite_live_path() -> Path:
    path = Path(settings.DATABASES["default"]["NAME"])
    if not path.is_file():
        raise BackupError(f"the site's database {path} does not exist (run manage.py migrate)")
    return path


def _sqlite_back_up(partial: Path) -> Counts:
    live = _sqlite_live_path()
    source = sqlite3.connect(live, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        # One step (pages=-1): the copy is one consistent snapshot, even while
        # editors write; a writer holding the lock only makes it wait and retry.
        source.backup(copy)
        # The copy stands alone: no -wal file beside it, whatever the live mode.
        copy.execute("PRAGMA journal_mode=DELETE")
        counts = _sqlite_counts(copy)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {live}: {exc}") from None
    finally:
        copy.close()
        source.close()
    with open(partial, "rb") as written:
        os.fsync(written.fileno())
    return counts


def _pg_back_up(partial: Path, *, lock_timeout: int) -> Counts:
    pg_dump = _client_program("pg_dump")
    with transaction.atomic():
        with connection.cursor() as cursor:
            # pg_dump reads the snapshot this transaction exports, so the counts
            # below describe exactly what the file holds, writers or not.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run_client(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--lock-wait-timeout={lock_timeout * 1000}",
                f"--file={partial}",
            ],
            what="pg_dump",
        )
        counts = live_counts()
    with open(partial, "rb") as written:
        os.fsync(written.fileno())
    return counts


# Counting -----------------------------------------------------------------


def _counted_models():
    return (
        apps.get_model("archive", "Article"),
        apps.get_model("annotations", "Annotation"),
        get_user_model(),
    )


def live_counts() -> Counts:
    return Counts(*(model._default_manager.count() for model in _counted_models()))


def _sqlite_counts(db: sqlite3.Connection) -> Counts:
    def count(model):
        try:
            sql = f'SELECT count(*) FROM "{model._meta.db_table}"'  # noqa: S608 a model's own table
            return db.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:  # a backup from before the table existed
            return 0

    return Counts(*(count(model) for model in _counted_models()))


# Checking a backup before restoring it ------------------------------------


def describe_file(path: Path) -> str:
    """What kind of file `path` is: 'sqlite', 'postgresql', or raise naming what it is instead."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder, not a backup file")
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist") from None
    except OSError as exc:
        raise BackupError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by backup_site: it is {_what_it_is(head)}")


def _what_it_is(head: bytes) -> str:
    if not head:
        return "an empty file"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file (decompress it first)"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive"
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").lstrip()
    if text.startswith(("{", "[")):
        if "AnnotationCollection" in text or "anno.jsonld" in text:
            return (
                "a W3C annotation export (JSON-LD): interchange, not a backup; "
                "read it with manage.py import_annotations"
            )
        return "a JSON file"
    if "PostgreSQL database dump" in text:
        return "a plain-SQL pg_dump script; backup_site writes pg_dump's custom format"
    return "neither a SQLite database nor a pg_dump custom archive"


def check_restore(path: Path) -> RestorePlan:
    """Everything that can refuse a restore, checked before the live database is touched."""
    path = Path(path)
    kind = describe_file(path)
    live = engine()
    if kind != live:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"{path} is a {names[kind]} backup and this site runs on {names[live]}: "
            f"a {names[kind]} backup restores only into {names[kind]} "
            "(to move annotations and actors between engines, use export_annotations "
            "and import_annotations)"
        )
    if live == "sqlite":
        plan = RestorePlan(path, live, database_name())
        _sqlite_check(plan)
    else:
        plan = RestorePlan(path, live, database_name())
        _pg_check(plan)
    return plan


def _check_migrations(plan: RestorePlan, recorded: set[tuple[str, str]]) -> None:
    """Refuse a backup from newer code; note what `migrate` will add to an older one."""
    if not any(app == "archive" for app, _ in recorded):
        raise BackupError(f"{plan.path} is a database, but not a backup of a Qira'a site")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(recorded - known)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise BackupError(
            f"{plan.path} was made by a newer version of Qira'a: it has migrations this "
            f"code does not know ({listed}{more}); update the code, then restore"
        )
    plan.pending = sorted(known - recorded)


def _sqlite_check(plan: RestorePlan) -> None:
    live = Path(settings.DATABASES["default"]["NAME"])
    if live.exists() and live.samefile(plan.path):
        raise BackupError(f"{plan.path} is the site's live database itself")
    try:
        backup = sqlite3.connect(_read_only_uri(plan.path), uri=True)
        try:
            problems = [row[0] for row in backup.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(
                    f"{plan.path} is damaged (SQLite integrity check: {problems[0]}); "
                    "nothing was restored"
                )
            recorded = set(backup.execute("SELECT app, name FROM django_migrations"))
        finally:
            backup.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise BackupError(
                f"{plan.path} is a SQLite database, but not a backup of a Qira'a site"
            ) from None
        raise BackupError(f"{plan.path} cannot be read: {exc}; nothing was restored") from None
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{plan.path} is truncated or damaged ({exc}); nothing was restored"
        ) from None
    _check_migrations(plan, recorded)


def _read_only_uri(path: Path) -> str:
    return "file:" + urllib.parse.quote(str(Path(path).resolve())) + "?mode=ro"


_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ", re.MULTILINE)
_COPY_MIGRATIONS = re.compile(
    r"^COPY \S*django_migrations \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", re.MULTILINE | re.DOTALL
)


def _pg_check(plan: RestorePlan) -> None:
    pg_restore = _client_program("pg_restore")
    _client_program("psql")
    listing = _run_client(
        [pg_restore, "--list", str(plan.path)], what="pg_restore --list", refusing=plan.path
    )
    plan.tables = set(_TOC_TABLE.findall(listing))
    if not any(name == "django_migrations" for _, name in plan.tables):
        raise BackupError(f"{plan.path} is a pg_dump archive, but not a backup of a Qira'a site")
    data = _run_client(
        [pg_restore, "--data-only", "--table=django_migrations", "--file=-", str(plan.path)],
        what="pg_restore",
        refusing=plan.path,
    )
    match = _COPY_MIGRATIONS.search(data)
    if not match:
        raise BackupError(f"{plan.path} holds no migration records; it is not a usable backup")
    columns = [name.strip() for name in match.group(1).split(",")]
    app, name = columns.index("app"), columns.index("name")
    recorded = set()
    for line in match.group(2).splitlines():
        values = line.split("\t")
        recorded.add((values[app], values[name]))
    _check_migrations(plan, recorded)


# Restoring ----------------------------------------------------------------


@freshness.site_wide_write()
def restore(plan: RestorePlan) -> Counts:
    """Replace the whole live database with the checked backup; the counts after."""
    if plan.engine == "sqlite":
        _sqlite_restore(plan)
    else:
        _pg_restore(plan)
    return live_counts()


def _sqlite_restore(plan: RestorePlan) -> None:
    live = Path(settings.DATABASES["default"]["NAME"])
    if not live.parent.is_dir():
        raise BackupError(f"the folder {live.parent} of the site's database does not exist")
    connections.close_all()
    backup = sqlite3.connect(_read_only_uri(plan.path), uri=True)
    target = sqlite3.connect(live, timeout=30)
    try:
        # One step: the live file changes in one write transaction, which other
        # connections see whole or not at all; a writer only makes it wait.
        backup.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not restore into {live}: {exc}") from None
    finally:
        target.close()
        backup.close()


def _pg_restore(plan: RestorePlan) -> None:
    pg_restore = _client_program("pg_restore")
    psql = _client_program("psql")
    with tempfile.TemporaryDirectory(prefix="qiraa-restore-") as folder:
        script = Path(folder) / "restore.sql"
        # Reading the whole archive into a script first proves it complete (a
        # truncated or damaged file fails here), before anything is changed.
        _run_client(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                f"--file={script}",
                str(plan.path),
            ],
            what="pg_restore",
            refusing=plan.path,
        )
        # Tables the backup does not have (from newer migrations since) would
        # stay behind and block `migrate`, or block --clean through their
        # foreign keys: they go, in the same transaction as the restore.
        extra = _live_tables() - plan.tables
        connections.close_all()
        command = [psql, "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
        if extra:
            drops = ", ".join(f'"{schema}"."{name}"' for schema, name in sorted(extra))
            command += ["--command", f"DROP TABLE IF EXISTS {drops} CASCADE"]
        command += ["--file", str(script)]
        _run_client(command, what="the restore (nothing was changed)")


def _live_tables() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public'")
        return set(cursor.fetchall())


# PostgreSQL client programs -------------------------------------------------


def _client_program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed; install the {CLIENT_PACKAGE} package "
            f"(apt-get install {CLIENT_PACKAGE}), of the server's major version or newer"
        )
    return found


def _client_env() -> dict:
    """The live database's connection for libpq, the password in the environment only."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    options = db.get("OPTIONS") or {}
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[variable] = str(options[key])
    # Notices such as "table does not exist, skipping" are not news.
    env["PGOPTIONS"] = (env.get("PGOPTIONS", "") + " -c client_min_messages=warning").strip()
    return env


def _run_client(command: list[str], *, what: str, refusing: Path | None = None) -> str:
    # Our own argument lists, never a shell; the password travels in the environment.
    result = subprocess.run(command, env=_client_env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        summary = _summarise(result.stderr) or f"exit status {result.returncode}"
        if refusing is not None:
            raise BackupError(
                f"{refusing} cannot be read as a backup (truncated or damaged?): {summary}; "
                "nothing was restored"
            )
        raise BackupError(f"{what} failed: {summary}")
    return result.stdout


def _summarise(stderr: str, limit: int = 600) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "fatal" in line.lower()]
    text = " / ".join((errors or lines)[-3:])
    return text if len(text) <= limit else text[: limit - 1] + "…"
