"""A data version: a token that changes whenever data behind cached figures may have changed.

Cached dashboard figures and filter option lists are keyed by it, so a change makes the next request
recompute instead of waiting for an expiry. With a shared cache (Redis) the version is a counter
in the cache, bumped by the save/delete signals of the tracked models: reading it costs one cache
get and no SQL. With a per-process memory cache a bump in one worker would not reach the others,
so the version is then read from the database (the newest row of each tracked table) plus a
count of this process's own changes: an edit made in another process without a shared cache is
seen when the cached entries expire.

Bulk writes send no signals: code that changes tracked rows with update()/bulk_* calls
`bump_data_version()` itself.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
VERSION_KEY = "data-version"
_tracked: list[type[models.Model]] = []
_local_counter = itertools.count(1)
_local_changes = 0


def counter_enabled() -> bool:
    return getattr(settings, "DATA_VERSION_IN_CACHE", False)


def data_version() -> str:
    if counter_enabled():
        if _in_request.version is not None:
            return _in_request.version
        try:
            if _bump_owed.is_set():
                _bump_owed.clear()
                _bump()
            return _remember(cache.get(VERSION_KEY))
        except Exception:  # the cache is down: pages still work, built from the database
            _log_cache_failure("Data version unavailable from the cache; using the database's")
    # New rows anywhere, and any change made by this process (edits keep MAX(id) as it was).
    return f"{_database_version()}-{_local_changes}"


class _RequestMemo(threading.local):
    """The version read once per request (figures and option lists all ask): set only while a
    request runs, so a long-lived worker or command always reads the current one."""

    active = False
    version: str | None = None


_in_request = _RequestMemo()


def _log_cache_failure(message: str) -> None:
    """Warn of every failure, but with the traceback only for the first of an outage: while Redis
    is down every request fails the same way, and a traceback each time would bury the log."""
    first_of_outage = not _outage_logged.is_set()
    _outage_logged.set()
    logger.warning(message, exc_info=first_of_outage)


_outage_logged = threading.Event()
# A change this process made while the cache was unreachable (a frozen Redis may come back with
# everything it held): the version moves as soon as the cache answers, so no figure outlives it.
_bump_owed = threading.Event()


def _remember(value) -> str:
    _outage_logged.clear()  # the cache answered: the next failure starts a new outage
    if value is None:
        _start_counter()
        value = cache.get(VERSION_KEY)
    version = f"c{value}"
    if _in_request.active:
        _in_request.version = version
    return version


def _request_started(**kwargs) -> None:
    _reset(active=True)


def _request_finished(**kwargs) -> None:
    _reset(active=False)


def _reset(*, active: bool) -> None:
    _in_request.active, _in_request.version = active, None


request_started.connect(_request_started, dispatch_uid="data-version-request-started")
request_finished.connect(_request_finished, dispatch_uid="data-version-request-finished")


def bump_data_version() -> None:
    """Change the version now and again when the transaction commits.

    The first bump stops pages being served from entries made before the change; the second
    drops what a concurrent request computed from not-yet-committed data in between.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    global _local_changes
    _local_changes = next(_local_counter)
    _in_request.version = None  # this request's own change: read the new version from now on
    if not counter_enabled():
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        _start_counter()
    except Exception:
        _bump_owed.set()
        _log_cache_failure("Could not bump the data version")


def _start_counter() -> None:
    # A fresh start never reuses a number that older cache entries may still carry.
    cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def _database_version() -> str:
    tables = [model._meta.db_table for model in _tracked]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables)  # noqa: S608 - model tables
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "-".join(str(value) for value in cursor.fetchone())


def _on_change(sender, **kwargs) -> None:
    bump_data_version()


def track(*model_classes: type[models.Model]) -> None:
    """Bump the version whenever a row of these models is saved or deleted (apps call this in ready())."""
    for model in model_classes:
        if model in _tracked:
            continue
        _tracked.append(model)
        uid = f"data-version-{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-delete")
