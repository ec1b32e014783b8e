"""A request that finds the database still locked after waiting is answered 503, not 500.

SQLite lets one writer in at a time; the others wait for the lock up to the busy
timeout, and PostgreSQL waits for a row or table lock up to lock_timeout (both
QIRAA_DATABASE_LOCK_TIMEOUT, readingroom/env.py). A write still waiting then, a
deadlock PostgreSQL broke by aborting one side, or a serialization failure, is
not a fault: the transaction was rolled back whole (every write runs in
transaction.atomic), so nothing of the request is stored, and the same request
sent again shortly will most likely go through. 503 with Retry-After says
exactly that, in Arabic: JSON for the API, a short page elsewhere.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MESSAGE = (
    "قاعدة البيانات مشغولة الآن بحفظ تعديلات أخرى، فلم يُحفظ شيء من طلبك. "
    f"أعد المحاولة بعد {RETRY_AFTER_SECONDS} ثوانٍ."
)
# SQLite's words for a lock still held after the busy timeout (the second with shared cache).
SQLITE_LOCKED = ("database is locked", "database table is locked")
# PostgreSQL's SQLSTATEs for the same, for a broken deadlock and for a serialization failure.
POSTGRES_BUSY = {
    "55P03": "lock timeout",
    "40P01": "deadlock",
    "40001": "serialization failure",
}


def busy_reason(exc) -> str | None:
    """Why the database turned this request away for now, or None if it was not that."""
    if not isinstance(exc, OperationalError):
        return None
    # Django re-raises the driver's error as its own, with the original as the cause.
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate in POSTGRES_BUSY:
        return POSTGRES_BUSY[sqlstate]
    message = str(exc)
    if message.startswith(SQLITE_LOCKED):
        return message
    return None


def busy_response(request, reason: str):
    logger.warning("Database busy (%s): %s %s answered 503", reason, request.method, request.path)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": MESSAGE, "code": "busy"},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        # No request context: the page must not itself read the database it waits for.
        page = render_to_string("503_busy.html", {"message": MESSAGE})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # An inner middleware (the session saved after the view) met the lock: Django
        # has already made its 500, which this replaces.
        reason = getattr(request, "_database_busy", None)
        if reason is not None and response.status_code == 500:
            return busy_response(request, reason)
        return response

    def process_exception(self, request, exception):
        reason = busy_reason(exception)
        if reason is None:
            return None  # any other error stays a 500, logged with its traceback
        return busy_response(request, reason)


def _remember_busy(sender, request=None, **kwargs):
    """Mark the request when the uncaught exception Django is turning into a 500 is a lock."""
    reason = busy_reason(sys.exc_info()[1])
    if reason is not None and request is not None:
        request._database_busy = reason


got_request_exception.connect(_remember_busy, dispatch_uid="readingroom.busy")


class _NotBusy(logging.Filter):
    """Drops Django's "Internal Server Error" record for a lock that this module answers 503,
    so that such a request is logged once, as the warning above."""

    def filter(self, record):
        return not (record.exc_info and busy_reason(record.exc_info[1]))


logging.getLogger("django.request").addFilter(_NotBusy())
