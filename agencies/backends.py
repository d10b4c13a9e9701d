"""Authentication backend: Django's ModelBackend, cheaper on the requests every page makes."""

from __future__ import annotations

import contextlib
from functools import cache as memoize

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections, router
from django.db.models import Q

from plan_portal import versioning


class PortalBackend(ModelBackend):
    """Same rules as ModelBackend; the user comes with its agency (shown in every page's header)
    and with the permissions the navigation asks about, in one query written once per process,
    or from the shared cache while nothing about users has changed.

    Every page loads the user: building that query through the ORM cost more CPU (~1-2 ms, far
    more with the permissions as a subquery) than the rest of a cached page together.
    """

    def get_user(self, user_id):
        user = _cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            rows = permissions.order_by().values_list("content_type__app_label", "codename").distinct()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache


USER_SECONDS = 60  # also bounds a change made by a process without the shared cache


def _cached_user(user_id):
    """With a shared cache, the loaded user is kept under the data version, which every change to a
    user, its groups, a group's permissions or an agency bumps (agencies.apps): a repeat request
    then needs no database at all. Without one, the database each time."""
    if not versioning.counter_enabled():
        return _load_user(user_id)
    key = versioning.request_user_key(user_id)  # read with the session when plan_portal.sessions is used
    version, entry = versioning.data_version_with(key)
    if entry is not None and entry[0] == version and str(entry[1].pk) == str(user_id):
        return entry[1]
    user = _load_user(user_id)
    if user is not None:
        with contextlib.suppress(Exception):  # the cache is down: loaded from the database each time meanwhile
            cache.set(key, (version, user), USER_SECONDS)
    return user


def _load_user(user_id):
    user_model = get_user_model()
    try:
        user_id = user_model._meta.pk.to_python(user_id)
    except Exception:  # a malformed id in a session is no user, as in ModelBackend
        return None
    alias = router.db_for_read(user_model)
    connection = connections[alias]
    sql, user_columns, agency_columns = _user_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    user = _instance(user_model, alias, connection, user_columns, row[: len(user_columns)])
    agency_values = row[len(user_columns) : len(user_columns) + len(agency_columns)]
    agency_model = user_model._meta.get_field("agency").related_model
    agency = _instance(agency_model, alias, connection, agency_columns, agency_values) if agency_values[0] else None
    user_model._meta.get_field("agency").set_cached_value(user, agency)
    if not user.is_superuser:  # a superuser holds every permission: left to get_all_permissions
        user._perm_cache = set(filter(None, (row[-1] or "").split(",")))
    return user


def _instance(model, alias, connection, fields, values):
    for index, expression, converters in _converters(model, connection.alias, tuple(fields)):
        for converter in converters:
            values[index] = converter(values[index], expression, connection)
    return model.from_db(alias, [field.attname for field in fields], values)


@memoize
def _converters(model, alias: str, fields: tuple) -> list:
    """The database-to-Python converters the ORM would apply to each column (SQLite dates, ...)."""
    connection = connections[alias]
    found = []
    for index, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if converters:
            found.append((index, expression, converters))
    return found


@memoize
def _user_query(vendor: str) -> tuple[str, list, list]:
    """SELECT user, its agency and its permission keys ('app_label.codename', comma-joined)."""
    user_model = get_user_model()
    agency_model = user_model._meta.get_field("agency").related_model
    user_fields = list(user_model._meta.concrete_fields)
    agency_fields = list(agency_model._meta.concrete_fields)
    user_table, agency_table = user_model._meta.db_table, agency_model._meta.db_table
    key = "ct.app_label || '.' || p.codename"
    joined = f"STRING_AGG(DISTINCT {key}, ',')" if vendor == "postgresql" else f"GROUP_CONCAT(DISTINCT {key})"
    direct = user_model._meta.get_field("user_permissions").remote_field.through._meta
    member = user_model._meta.get_field("groups").remote_field.through._meta
    granted = Group._meta.get_field("permissions").remote_field.through._meta
    columns = [f'u."{f.column}"' for f in user_fields] + [f'a."{f.column}"' for f in agency_fields]
    sql = f"""
        SELECT {", ".join(columns)},
          (SELECT {joined}
             FROM "{Permission._meta.db_table}" p
             JOIN "{ContentType._meta.db_table}" ct ON ct."id" = p."content_type_id"
            WHERE p."id" IN (
                SELECT d."{direct.get_field("permission").column}" FROM "{direct.db_table}" d
                 WHERE d."{direct.get_field("user").column}" = u."id"
                UNION
                SELECT g."{granted.get_field("permission").column}" FROM "{granted.db_table}" g
                  JOIN "{member.db_table}" m
                    ON m."{member.get_field("group").column}" = g."{granted.get_field("group").column}"
                 WHERE m."{member.get_field("user").column}" = u."id"))
          FROM "{user_table}" u
          LEFT JOIN "{agency_table}" a ON a."id" = u."{user_model._meta.get_field("agency").column}"
         WHERE u."id" = %s
    """  # noqa: S608 - table and column names from the models' own metadata
    return sql, user_fields, agency_fields


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The login name django-axes counts failures against, cut to what its table holds (255).

    A login name is at most 150 characters, so a longer one never names a user; uncut, recording
    its failure overflowed the column on PostgreSQL and the login page answered 500.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username[:255] if isinstance(username, str) else username
