"""Running one benchmark on PostgreSQL and on SQLite, each in a scratch database.

Django binds its settings to one database, so each engine runs in a child
process of its own (the benchmark script again, with --engine). PostgreSQL
comes from $BENCH_DATABASE_URL (default postgres://qiraa:qiraa@127.0.0.1:5432/qiraa_bench;
a database named test_qiraa_bench is created and dropped); SQLite is a file in a
new temporary folder.
"""

import contextlib
import os
import subprocess
import sys
import tempfile

ENGINES = ("postgresql", "sqlite")
POSTGRES_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://qiraa:qiraa@127.0.0.1:5432/qiraa_bench"
)


def run_each(script: str, only: str | None, extra_args=()) -> None:
    """Run `script --engine E *extra_args` for each engine (or `only`); stop at a failure."""
    for engine in [only] if only else ENGINES:
        url = POSTGRES_URL if engine == "postgresql" else f"sqlite:///{tempfile.mkdtemp()}/b.db"
        env = {**os.environ, "DATABASE_URL": url}
        command = [sys.executable, script, "--engine", engine, *extra_args]
        completed = subprocess.run(command, env=env, check=False)  # noqa: S603
        if completed.returncode:
            sys.exit(completed.returncode)


@contextlib.contextmanager
def scratch_database(engine: str):
    """Django set up on an empty, migrated database of `engine`, dropped afterwards on PostgreSQL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if engine == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        yield
    finally:
        if engine == "postgresql":
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
            )
