"""Celery jobs of the tasks app: thin and idempotent; the rules live in tasks.succession."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def apply_due_successions() -> int:
    """Beat: hand over the assignments of successions recorded ahead of their date, once it has come.

    Running it twice applies nothing twice (each succession is marked applied under a row lock).
    """
    from tasks.succession import successions_apply_due

    return successions_apply_due(today=timezone.localdate())
