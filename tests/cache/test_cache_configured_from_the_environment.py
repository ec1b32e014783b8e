"""QIRAA_CACHE_URL picks the cache every app server shares; a bad value stops the start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from readingroom.env import env_cache

DATABASE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/qiraa/db.sqlite3"}


def cache_from(monkeypatch, value=None, **env):
    if value is None:
        monkeypatch.delenv("QIRAA_CACHE_URL", raising=False)
    else:
        monkeypatch.setenv("QIRAA_CACHE_URL", value)
    monkeypatch.delenv("QIRAA_CACHE_KEY_PREFIX", raising=False)
    for name, v in env.items():
        monkeypatch.setenv(name, v)
    return env_cache("QIRAA_CACHE_URL", default_dir="/srv/qiraa/var/cache", database=DATABASE)


def test_unset_the_workers_of_one_machine_share_a_directory(monkeypatch):
    config = cache_from(monkeypatch)
    assert config["BACKEND"] == "readingroom.file_cache.FileCache"
    assert config["LOCATION"] == "/srv/qiraa/var/cache"


def test_redis_and_memcached_for_several_machines(monkeypatch):
    redis = cache_from(monkeypatch, "redis://cache.internal:6379/2")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/2"
    memcached = cache_from(monkeypatch, "memcached://10.0.0.5:11211,10.0.0.6:11211")
    assert memcached["BACKEND"] == "django.core.cache.backends.memcached.PyMemcacheCache"
    assert memcached["LOCATION"] == ["10.0.0.5:11211", "10.0.0.6:11211"]
    # A Memcached server that is down is a miss, not an error page.
    assert memcached["OPTIONS"]["ignore_exc"] is True


def test_a_directory_one_process_or_nothing_at_all(monkeypatch):
    assert cache_from(monkeypatch, "file:///var/cache/qiraa")["LOCATION"] == "/var/cache/qiraa"
    assert cache_from(monkeypatch, "locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from(monkeypatch, "dummy://")["BACKEND"].endswith("DummyCache")


def test_two_sites_on_one_server_never_share_entries(monkeypatch):
    one = cache_from(monkeypatch, "redis://cache:6379/0")["KEY_PREFIX"]
    other = env_cache(
        "QIRAA_CACHE_URL",
        default_dir="",
        database={**DATABASE, "NAME": "/srv/other/db.sqlite3"},
    )["KEY_PREFIX"]
    assert one != other
    named = cache_from(monkeypatch, "redis://cache:6379/0", QIRAA_CACHE_KEY_PREFIX="qiraa-a")
    assert named["KEY_PREFIX"] == "qiraa-a"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://localhost", "QIRAA_CACHE_URL must start with one of"),
        ("redis://", "names no Redis server"),
        ("memcached://", "names no Memcached server"),
    ],
)
def test_an_unusable_value_is_refused_naming_the_variable(monkeypatch, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        cache_from(monkeypatch, value)
