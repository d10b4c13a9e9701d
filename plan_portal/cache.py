"""Django's Redis cache, without a new redis client object for every cache call.

Django's RedisCacheClient builds a `redis.Redis` around its connection pool on each get or set;
the constructor fills a table of ~170 response callbacks, which cost as much CPU as the round trip
itself. Sessions and cached pages are read on every request, so one client per pool is kept
(a redis client is safe to share between threads; the pool still hands out the connections).
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
