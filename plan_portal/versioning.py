"""A data version: a token that changes whenever data shown on cached pages may have changed.

Cached dashboards, pages and option lists are keyed by it, so a change makes the next request
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
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "data-version"
_tracked: list[type[models.Model]] = []
_local_counter = itertools.count(1)
_local_changes = 0


def counter_enabled() -> bool:
    return getattr(settings, "DATA_VERSION_IN_CACHE", False)


def data_version() -> str:
    if counter_enabled():
        value = cache.get(VERSION_KEY)
        if value is None:
            _start_counter()
            value = cache.get(VERSION_KEY)
        return f"c{value}"
    # New rows anywhere, and any change made by this process (edits keep MAX(id) as it was).
    return f"{_database_version()}-{_local_changes}"


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
    if not counter_enabled():
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        _start_counter()


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
