"""Versions of what pages show, so a cached copy is never older than the data.

Everything cached (whole pages, a page's schema.org data) is keyed by the
current *version* of the scopes it was built from. A write bumps the scopes
it changes; the old entries are then unreachable at once, by every app server,
and expire on their own. Scopes:

- "site": every page. Bumped by rare, broad writes: renames, merges,
  publishing, imports, restores, migrations.
- "articles": the article lists; "annotations": every list over annotations
  (counts on the home page, /actors/, /claims/, /tags/, /data/, the claims
  CSV and /api/claims/); "search": search results.
- "article:<slug>", "actor:<slug>", "tag:<slug>": one object's own pages.

The order of the steps is what keeps a copy from ever being stale:
a reader takes the versions *before* it reads the database, and a writer
bumps *after* it commits (and once more at once, for readers inside the same
transaction). Whatever interleaving happens, a page built from old rows is
stored under an old version, which nobody asks for again.

Versions live in the same cache as the pages (Redis or Memcached for several
app servers, a local directory otherwise; see settings.CACHES). A version lost
to eviction or a restart comes back as a new one: the cache forgets, it never
serves stale.
"""

import functools
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import caches
from django.db import transaction

log = logging.getLogger(__name__)

SITE = "site"
CACHE_ALIAS = "default"
# Versions outlive the pages built on them; a version older than this is simply renewed.
VERSION_TIMEOUT = 60 * 60 * 24 * 30


def _cache():
    return caches[CACHE_ALIAS]


def _key(scope: str) -> str:
    # Slugs are Arabic and may be long; Memcached keys must be short ASCII.
    return "qv:" + hashlib.sha1(scope.encode(), usedforsecurity=False).hexdigest()


def _new_token() -> str:
    """A version: when it was made (for Last-Modified) and random bits (never reused)."""
    return f"{time.time_ns():x}.{secrets.token_hex(4)}"


def versions(scopes: Iterable[str]) -> dict[str, str]:
    """The current version of each scope, "site" always included. One or two cache calls."""
    wanted = sorted({SITE, *scopes})
    keys = {scope: _key(scope) for scope in wanted}
    try:
        cache = _cache()
        found = cache.get_many(list(keys.values()))
        missing = [scope for scope in wanted if keys[scope] not in found]
        for scope in missing:
            # add() keeps whichever version another process stored first.
            cache.add(keys[scope], _new_token(), VERSION_TIMEOUT)
        if missing:
            found.update(cache.get_many([keys[scope] for scope in missing]))
    except Exception:
        # No cache server: versions nobody else has, so nothing is reused, nothing is stale.
        log.warning("cache unreachable: pages are built afresh", exc_info=True)
        found = {}
    # A cache that stores nothing (DummyCache) still yields distinct, fresh versions.
    return {scope: found.get(keys[scope]) or _new_token() for scope in wanted}


def bump(*scopes: str) -> None:
    """Make everything built from these scopes unreachable: now, and again after commit."""
    scopes = tuple(dict.fromkeys(s for s in scopes if s))
    if not scopes:
        return
    _store_new_versions(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _store_new_versions(scopes))


def bump_site() -> None:
    bump(SITE)


_broad = threading.local()


@contextmanager
def rows_silenced():
    """Writes of many rows: the per-row receivers (archive/page_versions.py,
    annotations/page_versions.py) stay silent instead of working out, row by row,
    which pages each change makes stale. The caller bumps once, at the end."""
    depth = getattr(_broad, "depth", 0)
    _broad.depth = depth + 1
    try:
        yield
    finally:
        _broad.depth = depth


@contextmanager
def site_wide_write():
    """A write that touches much (an import, a merge, a restore): one "site" bump at the end."""
    try:
        with rows_silenced():
            yield
    finally:
        bump(SITE)


def in_site_wide_write() -> bool:
    return getattr(_broad, "depth", 0) > 0


def _store_new_versions(scopes) -> None:
    try:
        _cache().set_many({_key(scope): _new_token() for scope in scopes}, VERSION_TIMEOUT)
    except Exception:
        # The write itself stands. Pages stored before it may be served until they expire
        # (PAGE_TIMEOUT) if this cache comes back with its old contents: said in the log.
        log.error("cache unreachable: could not renew %s", ", ".join(scopes), exc_info=True)


def digest(current: dict[str, str], *parts: str) -> str:
    """A short name for this combination of versions and whatever else the entry depends on.

    It names the code too: after a deployment, pages are built again by the new templates
    even though no row changed.
    """
    text = "\x1f".join([code_version(), *(f"{k}={v}" for k, v in sorted(current.items())), *parts])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_CODE_SUFFIXES = (".py", ".html", ".js", ".css", ".mo", ".json", ".txt")
_CODE_DIRS = ("archive", "annotations", "readingroom", "templates", "static", "locale")


@functools.cache
def code_version() -> str:
    """What this process runs: its code, templates and static files, and the settings pages show.

    Read once per process from the files' names, sizes and modification times (a few
    hundred files), so a deployment or a changed QIRAA_MONTH_NAMES never serves a page
    the previous code built.
    """
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    parts = [
        settings.LANGUAGE_CODE,
        getattr(settings, "QIRAA_MONTH_NAMES", ""),
        settings.STATIC_URL,
    ]
    for top in _CODE_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                stat = path.stat()
                parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()[:16]


def changed_at(current: dict[str, str]) -> float:
    """When the newest of these versions was made, in seconds since the epoch."""
    newest = 0
    for token in current.values():
        try:
            newest = max(newest, int(token.split(".", 1)[0], 16))
        except ValueError:
            continue
    return newest / 1e9


def cached_value(scopes: Iterable[str], name: str, build: Callable, *, timeout=None):
    """build()'s result, computed once per version of these scopes and kept in the cache."""
    current = versions(scopes)
    key = f"qval:{name}:{digest(current, name)}"
    sentinel = object()
    try:
        value = _cache().get(key, sentinel)
    except Exception:
        log.warning("cache unreachable: %s built afresh", name, exc_info=True)
        return build()
    if value is sentinel:
        value = build()
        try:
            _cache().set(key, value, timeout if timeout is not None else PAGE_TIMEOUT)
        except Exception:
            log.warning("cache unreachable: %s not kept", name, exc_info=True)
    return value


# Entries expire after a day even if nothing changes, so memory follows what is read.
PAGE_TIMEOUT = 60 * 60 * 24


class Kept:
    """One value kept under versions the caller read earlier, before it read any row.

    cached_value() reads the versions itself, when called; a page that has already
    read its rows must name the versions it read before them, or a save committed
    in between would leave old rows stored under the new version.
    """

    _missing = object()

    def __init__(self, current: dict[str, str], name: str):
        self.key = f"qval:{name}:{digest(current, name)}"
        try:
            found = _cache().get(self.key, self._missing)
        except Exception:
            log.warning("cache unreachable: %s built afresh", name, exc_info=True)
            found = self._missing
        self.value = None if found is self._missing else found

    def get_or_build(self, build: Callable):
        if self.value is None:
            self.value = build()
            try:
                _cache().set(self.key, self.value, PAGE_TIMEOUT)
            except Exception:
                log.warning("cache unreachable: %s not kept", self.key, exc_info=True)
        return self.value
