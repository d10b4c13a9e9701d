"""Sessions from the shared cache (Django's cached_db), read together with what every request needs next.

Every logged-in request reads its session, then the data version and its user (both cached under
the version, see agencies.backends): one cache round trip instead of two.
"""

from __future__ import annotations

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from plan_portal import versioning


class SessionStore(CachedDBStore):
    def load(self):
        if not (self.session_key and versioning.counter_enabled()):
            return super().load()
        versioning.note_session(self.session_key)
        user_key = versioning.request_user_key(None)
        try:
            data = versioning.prefetch_with_version([self.cache_key, user_key]).get(self.cache_key)
        except Exception:  # the cache is down: the database has the session, as in cached_db
            data = None
        return data if data is not None else super().load()
