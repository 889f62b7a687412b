"""CACHE_URL: local memory by default, a shared Redis cache when set (what rate limiting across
several server processes needs)."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from osteoload.config.caches import LOCAL, REDIS_BACKEND, cache_from_url
from tests.conftest import redis_running


def test_no_url_means_local_memory():
    assert cache_from_url("") == LOCAL
    assert cache_from_url("  ") == LOCAL


@pytest.mark.parametrize("url", ["redis://cache:6379/0", "rediss://u:p@cache:6380/1"])
def test_a_redis_url_selects_djangos_redis_backend(url):
    config = cache_from_url(url)
    assert config["BACKEND"] == REDIS_BACKEND and config["LOCATION"] == url


@pytest.mark.parametrize("url", ["memcached://cache:11211", "cache:6379", "ftp://cache/x"])
def test_other_urls_are_refused_with_a_clear_message(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)


@pytest.mark.skipif(not redis_running(), reason="no Redis server on 127.0.0.1:6379")
def test_two_processes_configured_alike_share_one_count():
    """Two cache objects built from the same setting (as two server processes would) see each
    other's increments: the rate limit is one limit, not one per process."""
    config = cache_from_url("redis://127.0.0.1:6379/15")
    params = {k: v for k, v in config.items() if k not in ("BACKEND", "LOCATION")}
    first = RedisCache(config["LOCATION"], params)
    second = RedisCache(config["LOCATION"], params)
    key = f"test-rate-{uuid.uuid4()}"
    first.add(key, 0, timeout=60)
    for _ in range(3):
        first.incr(key)
    second.incr(key)
    assert first.get(key) == 4 == second.get(key)
    first.delete(key)
