"""Authentication backend: Django's ModelBackend, with the user's agency loaded beside it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class PortalBackend(ModelBackend):
    """Same rules as ModelBackend. Every page shows the user's agency in its header and asks about
    the user's permissions for the navigation: the agency comes in the user's query, the permissions
    in one query instead of ModelBackend's two (direct and through groups)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("agency").get(pk=user_id)
        except (user_model.DoesNotExist, ValueError, TypeError):  # a malformed id in a session is no user
            return None
        return user if self.user_can_authenticate(user) else None

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


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The login name django-axes counts failures against, cut to what its table holds (255).

    A login name is at most 150 characters, so a longer one never names a user; uncut, recording
    its failure overflowed the column on PostgreSQL and the login page answered 500.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username[:255] if isinstance(username, str) else username
