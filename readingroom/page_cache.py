"""Whole pages kept for readers, and ETag/304 for everyone, keyed by freshness versions.

A view opts in with @cached_page(scopes), naming the scopes its page is built
from (readingroom/freshness.py). Then:

- readers (not logged in, nothing waiting in their messages) get the page from
  the cache when one was stored under the current versions, gzip-compressed
  when they accept it. A request with no session cookie is answered by
  PageCacheMiddleware before sessions, authentication or the view run at all;
- everyone gets an ETag and, when it is safe, a Last-Modified; a request whose
  If-None-Match still matches is answered 304 without building the page. An
  editor's ETag also names the user, the session and the CSRF cookie, so an
  editor is never shown a page made for someone else, nor an old form token;
- only a reader's page is stored, and only a plain 200 that sets no cookie.
  Editors' pages are never stored, so drafts never reach the cache; nor are
  they compressed, since they hold a CSRF token (BREACH).

QIRAA_PAGE_CACHE = False (environment: QIRAA_PAGE_CACHE=false) turns the
stored pages off; validators and 304s stay.
"""

import functools
import gzip
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from readingroom import freshness

log = logging.getLogger(__name__)

READERS = "public, max-age=0, must-revalidate"
EDITORS = "private, no-cache"
# Headers a stored page keeps: the rest are made again on every answer.
NOT_STORED = {
    "set-cookie",
    "date",
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "cache-control",
}


@dataclass
class Visit:
    key: str
    etag: str
    changed_at: float
    for_readers: bool
    current: dict  # the versions it was keyed by, read before any row


def page_versions(request) -> dict | None:
    """The versions this request's page was keyed by, if the page cache read them.

    They were read before the view read any row, so a view may keep its own parts
    under them (freshness.Kept).
    """
    visit = getattr(request, "_page_visit", None)
    return None if visit is None else visit.current


def cached_page(scopes=lambda **kwargs: ()):
    """Cache a GET view's page for readers; scopes(**url kwargs) names what it shows."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            visit = getattr(request, "_page_visit", None)
            if visit is None:
                visit = _begin(request, scopes(**kwargs), for_readers=is_reader(request))
                if visit is None:
                    return view(request, *args, **kwargs)
                request._page_visit = visit
                if _still_valid(request, visit):
                    return _not_modified(request, visit)
                if visit.for_readers:
                    entry = _lookup(visit)
                    if entry is not None:
                        return _from_entry(request, visit, entry)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:  # a streamed export is not stored, but validated
                _add_validators(request, response, visit)
            return response

        wrapper.page_cache_scopes = scopes
        return wrapper

    return decorator


class PageCacheMiddleware:
    """Answers readers without a session from the cache; stores readers' pages on the way out.

    It sits after the security headers and static files and before the hostile-input
    check and sessions: a reader's hit touches neither the database nor the session
    store, and only answers those checks let through (200s) are ever stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visit = self._fast_visit(request)
        if visit is not None:
            request._page_visit = visit
            if _still_valid(request, visit):
                return _not_modified(request, visit)
            entry = _lookup(visit)
            if entry is not None:
                return _from_entry(request, visit, entry)
        response = self.get_response(request)
        visit = getattr(request, "_page_visit", None)
        if visit is not None and visit.for_readers and _storable(request, response):
            entry = _store(visit, response)
            if entry is not None and _accepts_gzip(request):
                return _from_entry(request, visit, entry)
        return response

    def _fast_visit(self, request):
        if request.method not in ("GET", "HEAD") or not _cookieless(request):
            return None
        found = _resolved(request.path_info)
        if found is None:
            return None
        scopes, kwargs = found
        return _begin(request, scopes(**kwargs), for_readers=True)


def _cookieless(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def is_reader(request) -> bool:
    """Not logged in and no message waiting: the page is the same as every such reader's."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    has_messages = "messages" in request.COOKIES or (session is not None and "_messages" in session)
    return not has_messages


def _begin(request, scopes, *, for_readers: bool) -> Visit | None:
    """Versions first, before the view reads a row (see freshness.py), then the key."""
    try:
        host = request.get_host()
        current = freshness.versions(scopes)
    except Exception:  # a bad Host is the view's to refuse; a cache that is down is a miss
        log.warning("page cache unavailable for %s", request.path, exc_info=True)
        return None
    # The address as the server received it: the key needs it told apart, not re-escaped.
    where = (request.scheme, host, request.path, request.META.get("QUERY_STRING", ""))
    if for_readers:
        who = ("reader",)
    else:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        who = (
            "editor",
            str(getattr(user, "pk", "")),
            getattr(session, "session_key", "") or "",
        )
    key = freshness.digest(current, *where, *who)
    return Visit(
        key=f"qpage:{key}",
        etag=f'W/"{key[:24]}"',
        changed_at=freshness.changed_at(current),
        for_readers=for_readers,
        current=current,
    )


def _etag(request, visit) -> str:
    """A reader's ETag names the versions and the address; an editor's also the form token.

    The editor's page carries a CSRF token made from the secret in the CSRF cookie
    (made during the first page, if the cookie was not there yet): a 304 is right
    only while the browser still holds that secret.
    """
    if visit.for_readers:
        return visit.etag
    secret = request.META.get("CSRF_COOKIE", "")
    return 'W/"' + freshness.digest({}, visit.key, secret)[:24] + '"'


def _still_valid(request, visit) -> bool:
    if not visit.for_readers and _has_messages(request):
        return False
    none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if none_match:
        tags = parse_etags(none_match)
        return "*" in tags or _weak(_etag(request, visit)) in {_weak(t) for t in tags}
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    modified = _last_modified(visit)
    return since is not None and modified is not None and modified <= since


def _has_messages(request) -> bool:
    session = getattr(request, "session", None)
    return "messages" in request.COOKIES or (session is not None and "_messages" in session)


def _weak(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def _last_modified(visit) -> int | None:
    """The newest version's second, but never the current second.

    HTTP dates have whole seconds: a page sent during the second of a change
    could be followed by another change in that same second, and a client
    asking If-Modified-Since would wrongly be told nothing changed. A page
    sent at least a second later carries Last-Modified safely.
    """
    changed = int(visit.changed_at)
    if changed <= 0 or changed >= int(time.time()):
        return None
    return changed


def _not_modified(request, visit) -> HttpResponse:
    response = HttpResponseNotModified()
    _add_validators(request, response, visit)
    return response


def _add_validators(request, response, visit) -> None:
    response["ETag"] = _etag(request, visit)
    modified = _last_modified(visit)
    if modified is not None:
        response["Last-Modified"] = _http_date(modified)
    response["Cache-Control"] = READERS if visit.for_readers else EDITORS
    vary = ("Cookie", "Accept-Encoding") if visit.for_readers else ("Cookie",)
    if response.has_header("Vary"):
        patch_vary_headers(response, vary)
    else:  # a 304 or a page from the cache: nothing to merge with
        response["Vary"] = ", ".join(vary)


@functools.lru_cache(maxsize=1024)
def _http_date(seconds: int) -> str:
    # The same few versions' times on every answer, each formatted once.
    return http_date(seconds)


def _storable(request, response) -> bool:
    if not settings.QIRAA_PAGE_CACHE:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return "private" not in response.get("Cache-Control", "") and not response.has_header(
        "Content-Encoding"
    )


class _Recent:
    """The pages this process served last, in memory, in front of the shared cache.

    Safe because a key names the versions its page was built from: an entry
    never changes, it only stops being asked for. Only the versions must come
    from the shared cache on every request. Bounded by bytes, oldest out first.
    """

    def __init__(self, limit_bytes: int):
        self.limit = limit_bytes
        self.size = 0
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        weight = len(entry["body"]) + len(entry["gzip"])
        if weight > self.limit // 8:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += weight
            while self.size > self.limit:
                _, old = self.entries.popitem(last=False)
                self.size -= len(old["body"]) + len(old["gzip"])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


recent = _Recent(limit_bytes=64 * 1024 * 1024)

# Which view, with which scopes, an address resolves to: the URLconf never changes while the
# process runs, and resolving an Arabic slug costs more than the rest of a hit.
_routes: OrderedDict[str, tuple | None] = OrderedDict()
_ROUTES_KEPT = 4096


@receiver(setting_changed, dispatch_uid="page-cache-routes")
def _forget_routes(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that serve other URLs
        _routes.clear()


def _resolved(path: str):
    if path in _routes:
        return _routes[path]
    try:
        match = resolve(path)
    except Resolver404:
        found = None
    else:
        scopes = getattr(match.func, "page_cache_scopes", None)
        found = None if scopes is None else (scopes, match.kwargs)
    _routes[path] = found
    while len(_routes) > _ROUTES_KEPT:
        _routes.popitem(last=False)
    return found


def _store(visit, response) -> dict | None:
    body = bytes(response.content)
    entry = {
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED],
        "body": body,
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
    }
    recent.put(visit.key, entry)
    # The shared copy holds the compressed page only: a third the bytes to send and unpickle.
    shared = {k: v for k, v in entry.items() if k != "body"}
    try:
        caches[freshness.CACHE_ALIAS].set(visit.key, shared, freshness.PAGE_TIMEOUT)
    except Exception:
        log.warning("could not store a page in the cache", exc_info=True)
    return entry


def _lookup(visit) -> dict | None:
    if not settings.QIRAA_PAGE_CACHE:
        return None
    entry = recent.get(visit.key)
    if entry is not None:
        return entry
    try:
        entry = caches[freshness.CACHE_ALIAS].get(visit.key)
        if entry is not None:
            entry = {**entry, "body": gzip.decompress(entry["gzip"])}
    except Exception:
        log.warning("page cache unavailable", exc_info=True)
        return None
    if entry is not None:
        recent.put(visit.key, entry)
    return entry


def _accepts_gzip(request) -> bool:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    for part in accepted.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "").lower() not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


def _from_entry(request, visit, entry) -> HttpResponse:
    zipped = _accepts_gzip(request)
    body = entry["gzip"] if zipped else entry["body"]
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    if zipped:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(body))
    _add_validators(request, response, visit)
    return response
