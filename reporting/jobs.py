"""Celery jobs of the reporting app: thin, take ids, idempotent; enqueued with transaction.on_commit.

The business logic lives in services and notifications, imported here; they never import the jobs
(reporting.job_dispatch sends the jobs that follow their writes), so the dependency runs one way.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from reporting import file_sweep, notifications, period_services
from reporting.api.models import ApiCall
from reporting.consolidation import services as consolidation
from reporting.models import PeriodState, ReportingPeriod

logger = logging.getLogger(__name__)

# --- agency reports and periods (issue 3) -----------------------------------------------------


@shared_task
def notify_report_event(event_id: int) -> int:
    return notifications.notify_report_event(event_id)


@shared_task
def notify_period_opened(period_id: int) -> int:
    return notifications.notify_period_opened(period_id)


@shared_task
def remind_agencies(period_id: int, agency_ids: list[int] | None = None, day: str | None = None) -> int:
    """A reviewer's "remind those missing": once per agency per day, however often it is clicked."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return notifications.remind_missing(period_id, today=today, occasion=today.isoformat(), agency_ids=agency_ids)


@shared_task
def open_due_periods() -> int:
    """Beat: open planned periods whose data window has started."""
    due = ReportingPeriod.objects.filter(state=PeriodState.PLANNED, starts_on__lte=timezone.localdate())
    opened = 0
    for period_id in due.values_list("pk", flat=True):
        period_services.period_open_existing(period_id=period_id)
        opened += 1
    return opened


@shared_task
def send_deadline_reminders() -> int:
    """Beat, daily: remind agencies N days before their deadline, and once when it has passed."""
    today = timezone.localdate()
    soon = today + dt.timedelta(days=settings.REMINDER_DAYS_BEFORE_DUE)
    sent = 0
    for period in ReportingPeriod.objects.filter(state=PeriodState.OPEN, submission_due_on__lte=soon):
        occasion = "overdue" if period.submission_due_on < today else "due-soon"
        sent += notifications.remind_missing(period.pk, today=today, occasion=occasion)
    return sent


# How far back the sweep looks: longer than any broker outage we would sit through (a long
# holiday weekend included), short enough that the query stays on recent events.
NOTIFICATION_SWEEP_DAYS = 14


@shared_task
def sweep_notifications() -> int:
    """Beat: notifications whose job was lost (broker down after commit) are sent late, never twice."""
    return notifications.sweep_unsent(since=timezone.now() - dt.timedelta(days=NOTIFICATION_SWEEP_DAYS))


# --- consolidated reports (issue 4) -----------------------------------------------------------


class _BuildJob(Task):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        """Waiting to retry (a database error): alive for the longest backoff, so the sweep leaves it be."""
        build_id = args[0] if args else kwargs.get("build_id")
        wait = dt.timedelta(seconds=self.retry_backoff_max) + consolidation.LEASE
        try:
            consolidation.build_extend_lease(build_id=build_id, until=timezone.now() + wait)
        except Exception:  # the database may still be down: the sweep then runs it again, which is safe
            logger.warning("Could not extend the lease of report build %s", build_id, exc_info=True)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted (or a hard error): the build must end failed with its reason, never stay building.

        Never raises: an error escaping this hook stops the worker's consumer, and the redelivered
        job would stop the next one too. A build it could not mark is failed later by the sweep.
        """
        build_id = args[0] if args else kwargs.get("build_id")
        if build_id is None:
            return
        try:
            consolidation.build_mark_failed(build_id=build_id, reason=f"{type(exc).__name__}: {exc}")
        except Exception:
            logger.exception("Could not mark report build %s failed", build_id)


@shared_task(
    bind=True,
    base=_BuildJob,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=4,
    soft_time_limit=8 * 60,
    time_limit=9 * 60,
)
def build_consolidated_report(self, build_id: int) -> str:
    """Render one ReportBuild (PDF, DOCX, XLSX). Safe to run twice: a ready build is left alone."""
    build = consolidation.build_run(build_id=build_id)
    return build.state if build is not None else "deleted"


@shared_task
def build_draft_reports_after_deadline() -> int:
    """Beat, daily: a draft consolidated report for each period whose agency deadline has just passed."""
    return len(consolidation.draft_reports_after_deadline(today=timezone.localdate()))


@shared_task
def sweep_report_builds() -> int:
    """Beat: re-enqueue builds whose job was lost (broker down when requested, worker killed)."""
    return consolidation.builds_sweep(now=timezone.now())


@shared_task
def sweep_unreferenced_files() -> int:
    """Beat, daily: delete uploads no attachment, report, evidence document or event snapshot refers to."""
    return len(file_sweep.unreferenced_files_sweep(now=timezone.now()))


@shared_task
def prune_api_calls() -> int:
    """Keep the API call log bounded: rows older than API_CALL_LOG_DAYS go (daily; idempotent)."""
    cutoff = timezone.now() - dt.timedelta(days=settings.API_CALL_LOG_DAYS)
    deleted, _ = ApiCall.objects.filter(at__lt=cutoff).delete()
    return deleted
