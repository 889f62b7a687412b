"""The default cache from `CACHE_URL`.

Rate limiting of the public forms counts in the default cache (the sign-in lockout counts in the
database). The built-in local-memory cache is per process, so a deployment with several server
processes must share one: `CACHE_URL=redis://host:6379/0` (or `rediss://` for TLS) selects
Django's own Redis backend.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def cache_from_url(url: str) -> dict[str, Any]:
    """Django's `CACHES["default"]` for `url`: empty → local memory (one process);
    `redis://…` / `rediss://…` → Redis, shared by every process."""
    url = url.strip()
    if not url:
        return dict(LOCAL)
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": REDIS_BACKEND, "LOCATION": url, "KEY_PREFIX": "osteoload"}
    raise ImproperlyConfigured(
        f"CACHE_URL: {scheme or url!r} is not supported (use redis://, rediss:// or unix://)"
    )
