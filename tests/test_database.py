"""The suite runs on the database DATABASE_URL names: SQLite by default, PostgreSQL in CI's second run."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_runs_on_the_configured_database():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"

    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"
