"""Sessions from the shared cache (Django's cached_db), read together with what every request needs next.

Every logged-in request reads its session, then the data version and its user (both cached under
the version, see agencies.backends): one tracked cache read instead of two round trips, and while
none of them has changed no round trip at all (plan_portal.cache).

When the cache is down the database still has every session, and it decides (README, "Logging in
and out while Redis is down"): pages are read, logins are written and logouts are deleted there. A
logout cannot delete the cached copy then, and Redis may come back with it; so a process that saw
the cache fail trusts it again only after deleting every cached session the database no longer has
(`purge_ended_sessions`). The normal path is unchanged: no database query while the cache answers.
"""

from __future__ import annotations

import logging
import threading

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.models import Session
from django.core.cache.backends.redis import RedisCache

from plan_portal import versioning

logger = logging.getLogger(__name__)
PURGE_BATCH = 500
# Set when this process saw the cache fail: until purged, Redis may hold sessions ended meanwhile.
# Set from the start too: a new worker cannot know whether Redis was down before it began.
cache_outage_seen = threading.Event()
cache_outage_seen.set()


class SessionStore(CachedDBStore):
    def load(self):
        try:
            purge_after_outage(self._cache)
            data = self._from_cache()
        except Exception as error:
            _cache_failed(error, "reading the session from the database")
            return DBStore.load(self)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        try:  # cached next time, if the cache is back
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception as error:
            _cache_failed(error, "the session stays in the database only")
        return data

    def exists(self, session_key):
        """Asked for each new key (login): with the cache down, the database alone knows."""
        try:
            purge_after_outage(self._cache)
            return super().exists(session_key)
        except Exception as error:
            _cache_failed(error, "checking the new session key in the database")
            return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        """A new key (login) has no cached copy to go stale: with the cache down, the database only."""
        DBStore.save(self, must_create=must_create)
        try:
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        except Exception as error:
            _cache_failed(error, "the session is saved in the database only")

    def delete(self, session_key=None):
        """Logout: the database row goes first; a cached copy that cannot be deleted now is purged later."""
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete_many(_cached_keys(session_key))
        except Exception as error:
            _cache_failed(error, "the ended session is purged from the cache once it is back")

    def _from_cache(self):
        if not (self.session_key and versioning.counter_enabled()):
            return self._cache.get(self.cache_key)
        versioning.note_session(self.session_key)
        user_key = versioning.request_user_key(None)
        return versioning.prefetch_with_version([self.cache_key, user_key]).get(self.cache_key)


def _cache_failed(error: Exception, consequence: str) -> None:
    cache_outage_seen.set()
    # one line per request while the cache is down, not a traceback each
    logger.warning("Session cache unavailable (%s); %s", error, consequence)


def _cached_keys(session_key: str) -> list[str]:
    """What the cache holds for a session: its data and its user (agencies.backends)."""
    return [CachedDBStore.cache_key_prefix + session_key, f"auth-user:s:{session_key}"]


def purge_after_outage(cache) -> None:
    """Before trusting a cache this process saw fail, delete what it holds of sessions ended meanwhile."""
    if cache_outage_seen.is_set():
        purged = purge_ended_sessions(cache)
        cache_outage_seen.clear()
        log = logger.warning if purged else logger.info  # a worker starting after no outage finds none
        log("Session cache back; %d ended session(s) purged from it", purged)


def purge_ended_sessions(cache) -> int:
    """Delete the cached sessions (and their users) that the database no longer has; raises if the cache is down.

    The deletes reach the other workers too: Redis pushes them an invalidation of their tracked copies.
    """
    if not isinstance(cache, RedisCache):  # a cache in this process's memory outlives no outage
        return 0
    client = cache._cache.get_client(write=True)
    prefix = cache.make_key(CachedDBStore.cache_key_prefix)
    batch: list[str] = []
    purged = 0
    for raw_key in client.scan_iter(match=_glob_escape(prefix) + "*", count=PURGE_BATCH):
        batch.append(raw_key.decode()[len(prefix) :])
        if len(batch) == PURGE_BATCH:
            purged += _purge_batch(cache, batch)
            batch = []
    return purged + (_purge_batch(cache, batch) if batch else 0)


def _purge_batch(cache, session_keys: list[str]) -> int:
    vouched = set(Session.objects.filter(session_key__in=session_keys).values_list("session_key", flat=True))
    ended = [key for key in session_keys if key not in vouched]
    if ended:
        cache.delete_many([cached for key in ended for cached in _cached_keys(key)])
    return len(ended)


def _glob_escape(text: str) -> str:
    return "".join(f"\\{char}" if char in "*?[]\\" else char for char in text)
