"""Django's Redis cache, which stops asking a Redis that has just failed to answer.

The cache holds derived data only and every caller takes an error for a miss. But a Redis that
hangs (paused, its host unreachable) makes each call wait for the socket timeout, and a page makes
several: about 4 s a page while Redis was paused. After a call fails to reach Redis, this process
fails the calls of the next few seconds at once; then one call tries Redis again.
"""

from __future__ import annotations

import functools
import time

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

QUIET_SECONDS = 5.0
_quiet_until: dict[str, float] = {}  # per server, for every thread of the process


def _skipped_while_quiet(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        server = self._servers[0]
        if time.monotonic() < _quiet_until.get(server, 0.0):
            raise redis.ConnectionError("Redis failed to answer a moment ago; not asked again yet")
        try:
            return method(self, *args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            _quiet_until[server] = time.monotonic() + QUIET_SECONDS
            raise

    return call


class _Client(RedisCacheClient):
    pass


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many"):
    setattr(_Client, _name, _skipped_while_quiet(getattr(RedisCacheClient, _name)))


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
