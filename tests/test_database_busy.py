"""A write that finds the database still locked after the wait gets 503 with Retry-After, not 500.

The test holds a write lock from outside the site (as a long import or a backup
would) while a real server, told to wait only one second for locks, answers a
save: the editor is told to try again shortly, in Arabic, and nothing of the
save is stored. Once the lock is released the same save goes through. Runs on
the suite's engine: the whole SQLite file is locked for writing; on PostgreSQL
the tables the writes touch are.
"""

import json
import logging
import sqlite3
from contextlib import contextmanager

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from readingroom.busy import DatabaseBusyMiddleware
from tests.editors_at_once import add_editors, annotation_path, changed, new_annotation, word_spans
from tests.scratch import Browserless, scratch_site

NOTE = "حُفظ رغم القفل"


@pytest.fixture(scope="module")
def busy_site(tmp_path_factory):
    with scratch_site(tmp_path_factory.mktemp("busy")) as site:
        site.seed()
        (account,) = add_editors(site, 1)
        site.env["QIRAA_DATABASE_LOCK_TIMEOUT"] = "1"  # the server waits one second, not twenty
        base = site.serve(workers=2)
        editor = Browserless(base)
        editor.login(*account)
        yield site, editor, account


@contextmanager
def writes_locked_out(site):
    """Hold the lock every write needs, from another connection, until the block ends."""
    if site.sqlite_path is not None:
        conn = sqlite3.connect(site.sqlite_path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")  # the one writer's lock; readers go on reading
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    import psycopg

    with psycopg.connect(site.database_url) as conn:
        # EXCLUSIVE lets reads through and makes every insert and update wait.
        conn.execute(
            "LOCK TABLE annotations_annotation, django_session, auth_user IN EXCLUSIVE MODE"
        )
        yield
        conn.rollback()


def stored_with_note(site, note) -> int:
    code = f"from annotations.models import Annotation; print(Annotation.objects.filter(note={note!r}).count())"
    return int(site.shell(code).split()[-1])  # after the shell's own greeting


def test_a_save_that_finds_the_database_locked_is_503_in_arabic_and_nothing_is_stored(busy_site):
    site, editor, _ = busy_site
    span = word_spans(editor)[3]

    with writes_locked_out(site):
        status, headers, raw = editor.request(
            "POST", "/api/annotations/", json_body=new_annotation(span, NOTE)
        )

    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert headers["Content-Type"].startswith("application/json")
    error = json.loads(raw)
    assert error["code"] == "busy"
    assert "أعد المحاولة" in error["error"]
    assert stored_with_note(site, NOTE) == 0

    status, _, _ = editor.json("POST", "/api/annotations/", new_annotation(span, NOTE))

    assert status == 201
    assert stored_with_note(site, NOTE) == 1
    log = site.server_log()
    assert "Traceback" not in log and "Internal Server Error" not in log


def test_a_change_that_finds_the_database_locked_is_503_and_the_stored_version_stays(busy_site):
    site, editor, _ = busy_site
    span = word_spans(editor)[5]
    status, _, annotation = editor.json("POST", "/api/annotations/", new_annotation(span, "الأولى"))
    assert status == 201

    with writes_locked_out(site):
        status, headers, refused = editor.json(
            "PUT", annotation_path(annotation), changed(annotation, "الثانية")
        )

    assert (status, refused["code"]) == (503, "busy")
    assert "Retry-After" in headers
    _, _, stored = editor.json("GET", annotation_path(annotation))
    assert stored["modified"] == annotation["modified"]
    assert stored["body"][-1]["value"] == "الأولى"
    # Trying again with the same version works: the refused save changed nothing.
    status, _, saved = editor.json(
        "PUT", annotation_path(annotation), changed(annotation, "الثانية")
    )
    assert status == 200 and saved["body"][-1]["value"] == "الثانية"


def test_a_page_that_finds_the_database_locked_says_so_in_arabic_with_retry_after(busy_site):
    """A login is a write (the session): the form answers with a short Arabic page."""
    site, editor, account = busy_site
    visitor = Browserless(editor.base)
    visitor.request("GET", "/accounts/login/")
    username, password = account
    form = {"username": username, "password": password, "csrfmiddlewaretoken": visitor.csrf()}

    with writes_locked_out(site):
        status, headers, raw = visitor.request("POST", "/accounts/login/", data=form)

    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert headers["Content-Type"].startswith("text/html")
    page = raw.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "أعد المحاولة" in page
    # The refused login left the visitor logged out.
    status, _, _ = visitor.json("POST", "/api/annotations/", {})
    assert status == 403
    assert visitor.request("POST", "/accounts/login/", data=form)[0] == 302


def test_each_refusal_is_logged_once_as_a_warning(busy_site):
    site, editor, _ = busy_site
    before = site.server_log().count("answered 503")
    with writes_locked_out(site):
        status, _, _ = editor.json(
            "POST", "/api/annotations/", new_annotation(word_spans(editor)[7], "x")
        )
    assert status == 503
    log = site.server_log()
    assert log.count("answered 503") == before + 1
    (line,) = [line for line in log.splitlines() if "answered 503" in line][before:]
    assert "/api/annotations/" in line and "POST" in line


def busy_request(path="/api/annotations/"):
    return RequestFactory().post(path, data="{}", content_type="application/json")


def test_other_database_errors_are_not_passed_off_as_busy():
    """A missing table is a fault to fix, not a reason to tell the editor to wait."""
    middleware = DatabaseBusyMiddleware(lambda request: None)

    assert (
        middleware.process_exception(busy_request(), OperationalError("no such table: x")) is None
    )
    assert middleware.process_exception(busy_request(), ValueError("database is locked")) is None


def test_a_lock_met_outside_the_view_is_503_too():
    """A session saved after the view (an inner middleware) meets the lock: still 503, and
    logged once, as a warning, without Django's "Internal Server Error" beside it."""
    from django.core.handlers.exception import convert_exception_to_response

    def inner(request):
        raise OperationalError("database is locked")

    middleware = DatabaseBusyMiddleware(convert_exception_to_response(inner))
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    loggers = [logging.getLogger(name) for name in ("django.request", "readingroom.busy")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        response = middleware(busy_request("/accounts/login/"))
    finally:
        for logger in loggers:
            logger.removeHandler(handler)

    assert response.status_code == 503
    assert "Retry-After" in response
    assert "أعد المحاولة" in response.content.decode()
    assert [(r.levelname, r.name) for r in records] == [("WARNING", "readingroom.busy")]


@pytest.mark.parametrize(
    ("sqlstate", "name"),
    [
        ("55P03", "LockNotAvailable"),
        ("40P01", "DeadlockDetected"),
        ("40001", "SerializationFailure"),
    ],
)
def test_postgres_lock_timeouts_deadlocks_and_serialization_failures_are_busy(sqlstate, name):
    psycopg = pytest.importorskip("psycopg")
    cause = getattr(psycopg.errors, name)("canceling statement")
    assert cause.sqlstate == sqlstate
    wrapped = OperationalError("canceling statement")
    wrapped.__cause__ = cause  # as Django's error wrapper raises it

    response = DatabaseBusyMiddleware(lambda r: None).process_exception(busy_request(), wrapped)

    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "busy"


def test_the_api_answer_is_json_and_pages_are_html():
    middleware = DatabaseBusyMiddleware(lambda r: None)
    locked = OperationalError("database table is locked: annotations_annotation")

    api = middleware.process_exception(busy_request("/api/annotations/1/"), locked)
    page = middleware.process_exception(
        busy_request("/admin/annotations/annotation/1/change/"), locked
    )

    assert api["Content-Type"].startswith("application/json")
    assert page["Content-Type"].startswith("text/html")
