"""Changes about users that reach beyond one row."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def user_sessions_end(*, user_id: int) -> int:
    """Delete every live session of the user; returns how many.

    Django keeps no index from a user to its sessions, so each live one is decoded: a few hundred
    at the province's busiest, and this runs only when an administrator changes an account.
    """
    live = Session.objects.filter(expire_date__gt=timezone.now()).only("session_key", "session_data")
    ended = [session.pk for session in live.iterator() if session.get_decoded().get(SESSION_KEY) == str(user_id)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def end_sessions_when_activity_changes(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save of the user model: a deactivated, or reactivated, user starts from no session.

    ModelBackend refuses an inactive user's session but leaves it in place, and reactivating the
    account would let it in again; a session must end when the account did.
    """
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    was_active = sender._default_manager.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    if was_active is not None and was_active != instance.is_active:
        user_sessions_end(user_id=instance.pk)
