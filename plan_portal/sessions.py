"""Sessions from the shared cache (Django's cached_db), read together with what every request needs next.

Every logged-in request reads its session, then the data version and its user (both cached under
the version, see agencies.backends): one tracked cache read instead of two round trips, and while
none of them has changed no round trip at all (plan_portal.cache).

When the cache is down the database still has every session: logged-in users go on reading pages
(Django's cached_db would raise writing the session back to the cache). Logging in and out still
need the cache, so that a session ended in the database can never live on in the cache.
"""

from __future__ import annotations

import contextlib
import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

from plan_portal import versioning

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._from_cache()
        except Exception as error:  # one line per request while the cache is down, not a traceback each
            logger.warning("Session cache unavailable (%s); reading the session from the database", error)
            return DBStore.load(self)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        with contextlib.suppress(Exception):  # cached next time, if the cache is back
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def _from_cache(self):
        if not (self.session_key and versioning.counter_enabled()):
            return self._cache.get(self.cache_key)
        versioning.note_session(self.session_key)
        user_key = versioning.request_user_key(None)
        return versioning.prefetch_with_version([self.cache_key, user_key]).get(self.cache_key)
