"""A whole Qira'a site of its own for a test: a fresh database, real commands, a real server.

Most tests run inside pytest-django's test database. Some need what a desk
really runs: `manage.py` commands in their own process (backups, restores,
migrations back and forth) or several gunicorn workers answering parallel
clients. `ScratchSite` gives each such test a new, empty database on the same
engine as the suite (a SQLite file, or a PostgreSQL database created on the
suite's server and dropped afterwards), and runs commands and servers against it.
"""

import http.cookiejar
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE_DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_DATABASE_URL.startswith(("postgres://", "postgresql://"))


class ScratchSite:
    def __init__(self, folder: Path, database_url: str):
        self.folder = folder
        self.database_url = database_url
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "readingroom.settings",
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.servers = []

    @property
    def sqlite_path(self) -> Path | None:
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return None

    def manage(self, *args, check=True, timeout=600, env=None, input=None):
        """Run `manage.py ARGS` in its own process; output is text. Fails the test on error if `check`."""
        result = subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"manage.py {' '.join(map(str, args))} exited {result.returncode}\n"
                f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}",
                pytrace=False,
            )
        return result

    def shell(self, code: str) -> str:
        """Run Python in `manage.py shell` and return what it printed."""
        return self.manage("shell", "-c", code).stdout

    def seed(self):
        """Migrations, the two seed articles and their 81 annotations, as make run does."""
        self.manage("migrate", "--noinput")
        self.manage("load_seeds")
        self.manage("load_seed_annotations")

    def add_editor(self, username: str, *, staff=False) -> str:
        """An editor (group Editors) with a new password, which is returned."""
        password = secrets.token_urlsafe(12)
        self.shell(
            "from django.contrib.auth import get_user_model\n"
            "from annotations.roles import ensure_editors_group\n"
            f"u, _ = get_user_model().objects.get_or_create(username={username!r})\n"
            f"u.set_password({password!r}); u.is_staff = {staff!r}; u.save()\n"
            "u.groups.add(ensure_editors_group())\n"
        )
        return password

    def serve(self, workers: int = 4, *, threads: int = 1, timeout: int = 60) -> str:
        """Start gunicorn on a free port and return its base URL once it answers."""
        port = free_port()
        log = open(self.folder / f"gunicorn-{port}.log", "w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "readingroom.wsgi",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                str(timeout),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.servers.append((process, log))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {(self.folder / log.name).read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{base}/", timeout=2).close()  # noqa: S310
                return base
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        pytest.fail("gunicorn did not answer within 30 s")

    def server_log(self) -> str:
        return "".join(Path(log.name).read_text() for _, log in self.servers)

    def stop(self):
        for process, log in self.servers:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
        self.servers = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def scratch_site(
    folder: Path,
    name: str = "site",
    *,
    template: ScratchSite | None = None,
    postgres_url: str | None = None,
):
    """A ScratchSite on an empty database of the suite's engine, removed afterwards.

    With `template`, the database starts as a copy of that site's (which must not
    be serving or running a command), so several tests can share one seeding.
    `postgres_url` chooses the engine instead of the suite: "" for SQLite, a
    server's URL for a throwaway database there (the benchmarks use both).
    """
    server_url = SUITE_DATABASE_URL if postgres_url is None else postgres_url
    if not server_url.startswith(("postgres://", "postgresql://")):
        path = folder / f"{name}.sqlite3"
        if template is not None:
            # The backup API copies what a write-ahead log still holds, as a file copy may not.
            with closing(sqlite3.connect(template.sqlite_path)) as source:
                with closing(sqlite3.connect(path)) as copy:
                    source.backup(copy)
        site = ScratchSite(folder, f"sqlite:///{path}")
        try:
            yield site
        finally:
            site.stop()
        return
    import psycopg

    database = f"qiraa_scratch_{os.getpid()}_{secrets.token_hex(4)}"
    parts = urllib.parse.urlsplit(server_url)
    admin_url = parts._replace(path="/postgres").geturl()
    source = "template0"
    if template is not None:
        source = '"' + urllib.parse.urlsplit(template.database_url).path.lstrip("/") + '"'
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE {source}")
    site = ScratchSite(folder, parts._replace(path=f"/{database}").geturl())
    try:
        yield site
    finally:
        site.stop()
        drop_database(admin_url, database)


def drop_database(admin_url: str, database: str, attempts: int = 5) -> None:
    """Drop a scratch database, ending the site's own connections.

    FORCE may not end a backend of another role: an autovacuum worker started on
    the database after a large write (the superuser's). A plain DROP asks
    autovacuum to stop and waits for it, so that is tried next, a few times.
    """
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            pass
        for attempt in range(attempts):
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
                return
            except psycopg.errors.ObjectInUse:
                if attempt == attempts - 1:
                    raise
                time.sleep(1)


class Browserless:
    """One person's HTTP session against a served site: cookies, CSRF, JSON. Thread-confined."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def csrf(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def request(self, method, path, *, data=None, json_body=None, headers=None, timeout=60):
        """(status, headers, body bytes); never raises for an HTTP status."""
        headers = {"Referer": f"{self.base}/", **(headers or {})}
        body = None
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method not in {"GET", "HEAD"}:
            headers["X-CSRFToken"] = self.csrf()
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def json(self, method, path, body=None):
        status, headers, raw = self.request(method, path, json_body=body)
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode(errors="replace")
        return status, headers, data

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()},
        )
        assert status == 302, f"login as {username} answered {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
