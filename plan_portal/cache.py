"""Django's Redis cache, with one redis client per pool and tracked reads for what every request reads.

One client per pool: Django's RedisCacheClient builds a `redis.Redis` around its connection pool
on each get or set; the constructor fills a table of ~170 response callbacks, which cost as much
CPU as the round trip itself. A redis client is safe to share between threads; the pool still
hands out the connections.

Tracked reads (`get_many_tracked`): every logged-in request first reads its session, its user and
the data version. That Redis round trip cost as much as serving a whole anonymous page, so those
values are kept in the process and read again only when Redis says they changed: Redis's
server-assisted client-side caching (CLIENT TRACKING over RESP3, Redis 6 or later). Redis
remembers the keys read on the tracking connection and pushes an invalidation on it when one is
written, deleted, expires or is evicted, or the database is flushed. The pushes are read before
every lookup, so a logout or an approval in another worker is seen by the next request here: the
push follows the writer's reply by ~50 µs on this machine, 4 ms at worst with its CPUs overloaded,
sooner than anyone's next click. A write through this process's cache drops its own copy at once;
a broken connection drops them all, as pushes may have been lost. A server that refuses tracking
(ACL without CLIENT, Redis < 6) gets a plain read on every request instead.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections import OrderedDict

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


class TrackingRefused(Exception):
    """The server will not track keys: older than Redis 6 (no RESP3), or CLIENT is not allowed (ACL)."""


class TrackedReads:
    """Copies of Redis values for this process, each dropped when Redis pushes its invalidation."""

    def __init__(self, url: str, options: dict, max_entries: int = 10_000):
        self._url, self._options, self._max_entries = url, options, max_entries
        self._lock = threading.Lock()  # one connection: threads (runserver, gthread) take turns
        self._connection = None
        self._pid = 0
        # key -> (raw value or None when the key does not exist, monotonic time it expires at)
        self._copies: OrderedDict[str, tuple[bytes | None, float]] = OrderedDict()

    def get_many(self, keys: list[str]) -> list[bytes | None]:
        """The raw values of `keys`, as MGET answers; raises redis errors as a plain read would."""
        with self._lock:
            try:
                connection = self._connected()
                self._read_invalidations(connection)
                return self._lookup(connection, keys)
            except BaseException:
                self._disconnect()  # the pushes that were on their way are lost with the connection
                raise

    def forget(self, keys) -> None:
        """Drop copies this process has just changed, without waiting for Redis's push."""
        with self._lock:
            for key in keys:
                self._copies.pop(key, None)

    def forget_all(self) -> None:
        with self._lock:
            self._copies.clear()

    def _lookup(self, connection, keys: list[str]) -> list[bytes | None]:
        now = time.monotonic()
        values: dict[str, bytes | None] = {}
        for key in keys:
            copy = self._copies.get(key)
            if copy is not None and copy[1] > now:
                values[key] = copy[0]
                self._copies.move_to_end(key)
        missing = [key for key in keys if key not in values]
        if missing:
            values.update(self._fetch(connection, missing, now))
        return [values[key] for key in keys]

    def _fetch(self, connection, keys: list[str], now: float) -> dict[str, bytes | None]:
        """Read the values and their time to live in one round trip; Redis tracks the keys from now on."""
        connection.send_packed_command(connection.pack_commands([("MGET", *keys), *(("PTTL", key) for key in keys)]))
        replies = [connection.read_response() for _ in range(len(keys) + 1)]
        for reply in replies:
            if isinstance(reply, Exception):
                raise reply
        values, ttls = replies[0], replies[1:]
        for key, value, ttl_ms in zip(keys, values, ttls, strict=True):
            # A copy never outlives its key, whether or not Redis has expired the key yet.
            expires = math.inf if ttl_ms < 0 else now + ttl_ms / 1000
            self._copies[key] = (value, expires)
            self._copies.move_to_end(key)
        while len(self._copies) > self._max_entries:
            self._copies.popitem(last=False)
        return dict(zip(keys, values, strict=True))

    def _read_invalidations(self, connection) -> None:
        # The push handler (set on connect) drops the copies; a closed socket reads as ready and raises.
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True)

    def _invalidated(self, message) -> None:
        keys = message[1]
        if keys is None:  # FLUSHDB / FLUSHALL
            self._copies.clear()
            return
        for key in keys:
            self._copies.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _connected(self):
        if self._connection is None or self._pid != os.getpid():
            # A forked worker must not share its parent's socket (nor its copies): a connection of its own.
            self._copies.clear()
            pool = redis.ConnectionPool.from_url(self._url, **self._options, protocol=3)
            connection = pool.make_connection()
            connection.register_connect_callback(self._start_tracking)
            try:
                connection.connect()
            except redis.ResponseError as error:
                connection.disconnect()
                raise TrackingRefused(str(error)) from error
            self._connection, self._pid = connection, os.getpid()
        return self._connection  # after a drop, redis-py connects again and the callback runs again

    def _start_tracking(self, connection) -> None:
        """On every (re)connection: nothing read before it can be trusted; track from here on."""
        self._copies.clear()
        connection._parser.set_invalidation_push_handler(self._invalidated)  # how redis-py's own cache listens
        connection.send_command("CLIENT", "TRACKING", "ON")
        reply = connection.read_response()
        if isinstance(reply, Exception):
            raise reply

    def _disconnect(self) -> None:
        self._copies.clear()
        if self._connection is not None and self._pid == os.getpid():
            self._connection.disconnect()
        self._connection = None


class _PortalCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        options = {name: value for name, value in self._pool_options.items() if name != "parser_class"}
        self.tracked = TrackedReads(self._servers[0], options)  # the primary: where writes go
        self._tracking_refused = False

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def get_many_tracked(self, keys: list[str]) -> dict:
        keys = list(keys)
        if self._tracking_refused:
            return self.get_many(keys)
        try:
            found = zip(keys, self.tracked.get_many(keys), strict=True)
        except TrackingRefused as refusal:
            logger.warning("Redis refused key tracking (%s): every request reads its session from Redis", refusal)
            self._tracking_refused = True
            return self.get_many(keys)
        return {key: self._serializer.loads(value) for key, value in found if value is not None}

    # Writes drop this process's copy as soon as Redis has the new value.

    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        finally:
            self.tracked.forget([key])

    def set(self, key, value, timeout):
        try:
            super().set(key, value, timeout)
        finally:
            self.tracked.forget([key])

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        finally:
            self.tracked.forget([key])

    def delete(self, key):
        try:
            return super().delete(key)
        finally:
            self.tracked.forget([key])

    def incr(self, key, delta):
        try:
            return super().incr(key, delta)
        finally:
            self.tracked.forget([key])

    def set_many(self, data, timeout):
        try:
            super().set_many(data, timeout)
        finally:
            self.tracked.forget(list(data))

    def delete_many(self, keys):
        try:
            super().delete_many(keys)
        finally:
            self.tracked.forget(list(keys))

    def clear(self):
        try:
            return super().clear()
        finally:
            self.tracked.forget_all()


# A Redis that hangs (frozen, unreachable host) must fail a request's cache call, not hold the worker:
# every cache call falls back to the database (plan_portal.sessions, plan_portal.versioning).
SOCKET_TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {**SOCKET_TIMEOUTS, **self._options}
        self._class = _PortalCacheClient

    def get_many_tracked(self, keys: list[str], version=None) -> dict:
        """`get_many` for values read on every request, answered from this process while unchanged."""
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._cache.get_many_tracked(list(key_map))
        return {key_map[key]: value for key, value in found.items()}
