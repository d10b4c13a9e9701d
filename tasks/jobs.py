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


@shared_task
def refresh_yearly_status_facts() -> int:
    """Beat, daily: a yearly duty owes again each year, so its stored status facts move into the new year.

    Other assignments' facts do not depend on the year and are kept on every write. Idempotent.
    """
    from tasks.models import Assignment, status_facts_year
    from tasks.timing import TimingKind

    year = status_facts_year()
    stale = Assignment.objects.filter(task__timing_kind=TimingKind.YEARLY).exclude(status_year=year)
    return stale.refresh_status_facts(year=year)
