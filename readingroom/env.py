"""Read settings from the environment, failing loudly on values we cannot use.

Every error names the variable, so a typo in a deployment shows up at start
instead of as odd behaviour later.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# Seconds a write waits for another's lock before the request is answered 503.
DEFAULT_LOCK_TIMEOUT = 20


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of true/false, yes/no, on/off, 1/0; got {raw!r}."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of a few words, in any case; unset or empty is the default."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but lists no value.")
    return items


def env_database(name: str, default: str) -> dict:
    """Parse a database URL (sqlite:///path, postgres://user:pass@host/db)."""
    import dj_database_url

    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # the library raises several types for bad URLs
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            f"{name} must point at SQLite or PostgreSQL; got engine {engine or 'none'!r}."
        )
    wait = env_int("QIRAA_DATABASE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)
    if wait < 1:
        raise ImproperlyConfigured(
            f"QIRAA_DATABASE_LOCK_TIMEOUT must be a number of seconds of at least 1; got {wait}."
        )
    options = config.setdefault("OPTIONS", {})
    if engine == "django.db.backends.sqlite3":
        # SQLite connections are cheap and a persistent one would hold file locks
        # across requests in the development server.
        config["CONN_MAX_AGE"] = 0
        # One writer at a time, the others waiting their turn rather than failing:
        # a transaction.atomic block begins IMMEDIATE, taking the write lock before
        # its first read, so it never has to upgrade a read lock half-way (SQLite
        # refuses that at once, without waiting); any write, in a transaction or
        # not, waits up to `timeout` seconds for the lock. WAL lets readers go on
        # while someone writes; synchronous=NORMAL is durable enough in WAL (a
        # power cut may lose the last commits, never corrupt the file). Options
        # given in the URL (?timeout=…) win.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", wait)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    elif "lock_timeout" not in options.get("options", ""):
        # A write waiting for a row or table lock gives up after as long as on SQLite,
        # before gunicorn's 30 s worker timeout, and is answered 503 (readingroom/busy.py).
        options["options"] = f"{options.get('options', '')} -c lock_timeout={wait}s".strip()
    return config


CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
    "file": "readingroom.file_cache.FileCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def env_cache(name: str, *, default_dir, database: dict) -> dict:
    """Django's CACHES["default"] from a URL: redis://, memcached://, file://, locmem://, dummy://.

    Unset, pages are kept in a local directory: every worker process on this machine
    shares it, which is what keeps several gunicorn workers from serving each other's
    stale copies. Several machines need Redis or Memcached.
    """
    from urllib.parse import urlsplit

    raw = (os.environ.get(name) or "").strip()
    url = urlsplit(raw) if raw else None
    scheme = url.scheme.lower() if url else "file"
    if scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"{name} must start with one of {', '.join(s + '://' for s in CACHE_BACKENDS)}; "
            f"got {raw!r}."
        )
    config = {"BACKEND": CACHE_BACKENDS[scheme], "KEY_PREFIX": _cache_prefix(database)}
    if scheme in {"redis", "rediss"}:
        if not url.hostname and not url.path:
            raise ImproperlyConfigured(f"{name} names no Redis server: {raw!r}.")
        config["LOCATION"] = raw
    elif scheme == "memcached":
        servers = [s.strip() for s in url.netloc.split(",") if s.strip()]
        if not servers:
            raise ImproperlyConfigured(f"{name} names no Memcached server: {raw!r}.")
        config["LOCATION"] = servers
        # A Memcached server that is down is a miss, not an error page.
        config["OPTIONS"] = {"no_delay": True, "ignore_exc": True, "allow_unicode_keys": False}
    elif scheme == "file":
        config["LOCATION"] = url.path if url and url.path else str(default_dir)
        config["OPTIONS"] = {"MAX_ENTRIES": 3000}
    elif scheme == "locmem":
        config["LOCATION"] = url.netloc or "qiraa"
    prefix = os.environ.get("QIRAA_CACHE_KEY_PREFIX", "").strip()
    if prefix:
        config["KEY_PREFIX"] = prefix
    return config


def _cache_prefix(database: dict) -> str:
    """Two sites sharing one Redis never share entries: the prefix names the database."""
    import hashlib

    where = "|".join(str(database.get(k, "")) for k in ("ENGINE", "HOST", "PORT", "NAME"))
    return "q" + hashlib.sha1(where.encode(), usedforsecurity=False).hexdigest()[:10]
