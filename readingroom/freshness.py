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
serves stale. In a local directory, each version is a small text file of its
own (in its "versions" folder), read with one open() and replaced in one rename,
since every page, its 304s included, reads two or more of them before anything
else; Django's own files would be unpickled and decompressed on each read.
"""

import functools
import hashlib
import logging
import os
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

log = logging.getLogger(__name__)

SITE = "site"
CACHE_ALIAS = "default"
# Versions outlive the pages built on them; a version older than this is simply renewed.
VERSION_TIMEOUT = 60 * 60 * 24 * 30


def _cache():
    return caches[CACHE_ALIAS]


@functools.lru_cache(maxsize=8192)
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
        store = _store()
        found = store.get_many(list(keys.values()))
        missing = [scope for scope in wanted if keys[scope] not in found]
        for scope in missing:
            # add() keeps whichever version another process stored first.
            store.add(keys[scope], _new_token(), VERSION_TIMEOUT)
        if missing:
            found.update(store.get_many([keys[scope] for scope in missing]))
    except Exception:
        # No cache server: versions nobody else has, so nothing is reused, nothing is stale.
        log.warning("cache unreachable: pages are built afresh", exc_info=True)
        found = {}
    # A cache that stores nothing (DummyCache) still yields distinct, fresh versions.
    return {scope: found.get(keys[scope]) or _new_token() for scope in wanted}


def _store():
    """Where versions are kept: the cache itself, or for a local directory, files of their own."""
    cache = _cache()
    store = getattr(cache, "_qiraa_versions", None)
    if store is None:
        if isinstance(cache, FileBasedCache):
            store = _VersionFiles(cache)
        elif isinstance(cache, RedisCache):
            store = _RedisVersions(cache)
        else:
            store = cache
        cache._qiraa_versions = store
    return store


class _RedisVersions:
    """Versions read from Redis through one client kept for the cache's lifetime.

    Django's RedisCache makes a new client for every call (its command table and
    locks included), which costs as much as the round trip itself on the path every
    page and 304 take. The values are the ones Django writes and reads (its own
    serializer), and writes still go through Django.
    """

    def __init__(self, cache: RedisCache):
        self.cache = cache
        self.client = cache._cache.get_client()
        self.loads = cache._cache._serializer.loads

    def get_many(self, keys) -> dict[str, str]:
        values = self.client.mget([self.cache.make_and_validate_key(key) for key in keys])
        return {key: self.loads(v) for key, v in zip(keys, values, strict=True) if v is not None}

    def add(self, key, token, timeout=None):
        return self.cache.add(key, token, timeout)

    def set_many(self, tokens, timeout=None):
        return self.cache.set_many(tokens, timeout)


# More than a version's length (_new_token: two hex numbers), so one read takes it whole.
_TOKEN_BYTES = 256
# Where each version's file is: the same for as long as the process runs.
_version_paths: dict[tuple[str, str], str] = {}


class _VersionFiles:
    """Versions as one small text file per scope, beside a directory cache's entries.

    The file is named by the cache's own key for the version (its KEY_PREFIX and
    VERSION included), so two sites sharing a directory never share versions.
    A version is replaced by renaming a complete file over it, so a reader sees
    the old one or the new one, never part of either. The files are not expired:
    a version only has to change when a write bumps it, and the pages built on
    an old one expire on their own (PAGE_TIMEOUT).
    """

    def __init__(self, cache: FileBasedCache):
        self.cache = cache
        self.folder = os.path.join(cache._dir, "versions")

    def _path(self, key: str) -> str:
        full = self.cache.make_key(key)
        path = _version_paths.get((self.folder, full))
        if path is None:
            name = hashlib.sha1(full.encode(), usedforsecurity=False).hexdigest()
            path = os.path.join(self.folder, name)
            if len(_version_paths) > 10_000:
                _version_paths.clear()
            _version_paths[self.folder, full] = path
        return path

    def get_many(self, keys) -> dict[str, str]:
        found = {}
        for key in keys:
            # os.open and one read: a version is a few dozen bytes, and a buffered
            # file object costs more to make than the read itself.
            try:
                fd = os.open(self._path(key), os.O_RDONLY)
            except (FileNotFoundError, NotADirectoryError):
                continue
            try:
                token = os.read(fd, _TOKEN_BYTES).decode("ascii")
            finally:
                os.close(fd)
            if token:
                found[key] = token
        return found

    def _written(self, token: str) -> str:
        os.makedirs(self.folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
        with os.fdopen(fd, "wb") as file:
            file.write(token.encode("ascii"))
        return temporary

    def add(self, key: str, token: str, timeout=None) -> None:
        temporary, path = self._written(token), self._path(key)
        try:
            os.link(temporary, path)  # fails if another process stored one first
        except FileExistsError:
            # Files are only ever written whole, so an empty one was damaged from outside:
            # replaced, or every page on this scope would be built afresh until the next write.
            if os.path.getsize(path) == 0:
                os.replace(temporary, path)
                return
        os.unlink(temporary)

    def set_many(self, tokens: dict[str, str], timeout=None) -> None:
        for key, token in tokens.items():
            os.replace(self._written(token), self._path(key))


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
        _store().set_many({_key(scope): _new_token() for scope in scopes}, VERSION_TIMEOUT)
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

    A value that cannot be changed in place (text, or tuples of text) is also
    remembered by this process, in front of the shared cache: its key names the
    versions it was built from, so it never changes, it only stops being asked for.
    """

    _missing = object()

    def __init__(self, current: dict[str, str], name: str):
        self.key = f"qval:{name}:{digest(current, name)}"
        try:
            cache = _cache()
            self._local = cache.make_key(self.key)
            found = _remembered.get(self._local, self._missing)
            if found is self._missing:
                found = cache.get(self.key, self._missing)
                if found is not self._missing:
                    _remembered.put(self._local, found)
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
            else:
                _remembered.put(self._local, self.value)
        return self.value


def _weight(value, depth=0) -> int | None:
    """Characters in a value made only of text and tuples; None for anything mutable."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, int | float | bool) or value is None:
        return 8
    if isinstance(value, tuple) and depth < 4:
        total = 0
        for item in value:
            weight = _weight(item, depth + 1)
            if weight is None:
                return None
            total += weight
        return total
    return None


class _Remembered:
    """Kept values of this process by key, bounded by size, the least recently used out first."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, default):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return default
            self.entries.move_to_end(key)
            return entry[0]

    def put(self, key, value) -> None:
        weight = _weight(value)
        if weight is None or weight > self.limit // 8:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (value, weight)
            self.size += weight
            while self.size > self.limit:
                _, (_, old) = self.entries.popitem(last=False)
                self.size -= old

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_remembered = _Remembered(limit=32 * 1024 * 1024)
