"""Celery jobs of the reporting app: thin, take ids, idempotent; enqueued with transaction.on_commit.

Each engineer adds their own jobs here; the business logic lives in services and notifications.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

# --- agency reports and periods (issue 3) -----------------------------------------------------


@shared_task
def notify_report_event(event_id: int) -> int:
    from reporting import notifications

    return notifications.notify_report_event(event_id)


@shared_task
def notify_period_opened(period_id: int) -> int:
    from reporting import notifications

    return notifications.notify_period_opened(period_id)


@shared_task
def remind_agencies(period_id: int, agency_ids: list[int] | None = None, day: str | None = None) -> int:
    """A reviewer's "remind those missing": once per agency per day, however often it is clicked."""
    from reporting import notifications

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return notifications.remind_missing(period_id, today=today, occasion=today.isoformat(), agency_ids=agency_ids)


@shared_task
def open_due_periods() -> int:
    """Beat: open planned periods whose data window has started."""
    from reporting import services
    from reporting.models import PeriodState, ReportingPeriod

    due = ReportingPeriod.objects.filter(state=PeriodState.PLANNED, starts_on__lte=timezone.localdate())
    opened = 0
    for period_id in due.values_list("pk", flat=True):
        services.period_open_existing(period_id=period_id)
        opened += 1
    return opened


@shared_task
def send_deadline_reminders() -> int:
    """Beat, daily: remind agencies N days before their deadline, and once when it has passed."""
    from reporting import notifications
    from reporting.models import PeriodState, ReportingPeriod

    today = timezone.localdate()
    soon = today + dt.timedelta(days=settings.REMINDER_DAYS_BEFORE_DUE)
    sent = 0
    for period in ReportingPeriod.objects.filter(state=PeriodState.OPEN, submission_due_on__lte=soon):
        occasion = "overdue" if period.submission_due_on < today else "due-soon"
        sent += notifications.remind_missing(period.pk, today=today, occasion=occasion)
    return sent
