"""Settings come from the environment; bad values stop the start with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from readingroom.env import env_bool, env_database, env_list

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    """Import the real settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="readingroom.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_run_locally_on_sqlite_in_debug():
    result = start_django(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_production_requires_a_secret_key():
    result = start_django()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["x", "secret", "a" * 60, "django-insecure-k8Zt3-9f2a7c1d4e6b8a0c-generated-by-startproject"],
)
def test_production_refuses_a_weak_secret_key(key):
    """Sessions and CSRF tokens are signed with it: a guessable key is refused at start."""
    result = start_django(DJANGO_SECRET_KEY=key)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be one of"),
        (
            {"DJANGO_DEBUG": "1", "DATABASE_URL": "mysql://u:p@h/db"},
            "DATABASE_URL must point at SQLite or PostgreSQL",
        ),
        (
            {"DJANGO_DEBUG": "1", "DATABASE_URL": "nonsense"},
            "DATABASE_URL is not a usable database URL",
        ),
        (
            {"DJANGO_DEBUG": "1", "DJANGO_ALLOWED_HOSTS": " , "},
            "DJANGO_ALLOWED_HOSTS is set but lists no value",
        ),
    ],
)
def test_invalid_values_fail_at_start_naming_the_variable(env, message):
    result = start_django(**env)

    assert result.returncode != 0
    assert message in result.stderr


def test_postgres_url_is_parsed(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://qiraa:secret@db.internal:5433/qiraa")

    config = env_database("DATABASE_URL", default="sqlite:///x")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "qiraa")


def test_helpers(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    monkeypatch.setenv("X_HOSTS", "qiraa.example, www.qiraa.example")
    assert env_bool("X_FLAG") is True
    assert env_bool("X_UNSET", default=True) is True
    assert env_list("X_HOSTS", []) == ["qiraa.example", "www.qiraa.example"]
    monkeypatch.setenv("X_FLAG", "2")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="readingroom.settings",
        DJANGO_SECRET_KEY="k8Zt3-production-like-secret-with-enough-entropy-9f2a7c1d4e6b8a0c",
        DJANGO_ALLOWED_HOSTS="qiraa.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_lets_several_editors_write_by_waiting_their_turn(monkeypatch):
    """On SQLite a write takes the lock when it begins and waits up to 20 s for it, in WAL."""
    monkeypatch.delenv("QIRAA_DATABASE_LOCK_TIMEOUT", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/qiraa/db.sqlite3")

    options = env_database("DATABASE_URL", default="sqlite:///x")["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    commands = [c.strip() for c in options["init_command"].split(";") if c.strip()]
    assert commands == ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"]


def test_postgres_waits_for_a_lock_as_long_as_sqlite_does(monkeypatch):
    monkeypatch.setenv("QIRAA_DATABASE_LOCK_TIMEOUT", "7")
    monkeypatch.setenv("DATABASE_URL", "postgres://qiraa:secret@db.internal:5433/qiraa")

    options = env_database("DATABASE_URL", default="sqlite:///x")["OPTIONS"]

    assert options["options"] == "-c lock_timeout=7s"


def test_options_in_the_database_url_are_kept(monkeypatch):
    """A deployment that names its own options in the URL gets them, ours fill in the rest."""
    monkeypatch.setenv(
        "DATABASE_URL",
        "postgres://qiraa:secret@db/qiraa?options=-c%20statement_timeout%3D30s&sslmode=require",
    )
    pg = env_database("DATABASE_URL", default="sqlite:///x")["OPTIONS"]
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/db.sqlite3?timeout=3")
    sqlite = env_database("DATABASE_URL", default="sqlite:///x")["OPTIONS"]

    assert pg["options"] == "-c statement_timeout=30s -c lock_timeout=20s"
    assert pg["sslmode"] == "require"
    assert (sqlite["timeout"], sqlite["transaction_mode"]) == (3, "IMMEDIATE")


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_a_lock_timeout_that_is_not_a_positive_number_of_seconds_is_refused(monkeypatch, value):
    monkeypatch.setenv("QIRAA_DATABASE_LOCK_TIMEOUT", value)
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/db.sqlite3")

    with pytest.raises(ImproperlyConfigured, match="QIRAA_DATABASE_LOCK_TIMEOUT"):
        env_database("DATABASE_URL", default="sqlite:///x")


def test_a_sqlite_file_is_opened_in_wal_with_immediate_writes(tmp_path):
    """What a real process gets: WAL, and an atomic block that holds the write lock from its start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    database = tmp_path / "db.sqlite3"
    env.update(
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="readingroom.settings",
        DATABASE_URL=f"sqlite:///{database}",
    )
    code = (
        "import django, sqlite3; django.setup()\n"
        "from django.db import connection, transaction\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "    c.execute('PRAGMA synchronous'); print(c.fetchone()[0])\n"
        "with transaction.atomic():\n"
        "    connection.cursor().execute('SELECT 1')  # a read only, yet the lock is taken\n"
        "    other = sqlite3.connect(connection.settings_dict['NAME'], timeout=0)\n"
        "    try:\n"
        "        other.execute('BEGIN IMMEDIATE')\n"
        "    except sqlite3.OperationalError as exc:\n"
        "        print(str(exc).replace(' ', '-'))\n"
        "    other.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    # synchronous=NORMAL is 1; a second writer is turned away while the block is open
    assert result.stdout.split() == ["wal", "1", "database-is-locked"]
