"""Sends the background job of each announcement of the reporting services (reporting.signals).

Connected when the app is ready (reporting.apps). A broker that is down never fails the request:
the row the job works on stays pending and a beat sweep sends it again (plan_portal.queueing).
"""

from __future__ import annotations

import logging

from django.dispatch import receiver

from plan_portal.queueing import send_job
from reporting import jobs, signals
from reporting.consolidation import services as consolidation

logger = logging.getLogger(__name__)


@receiver(signals.report_event_recorded)
def notify_report_event(sender, event_id: int, **kwargs) -> None:
    send_job(jobs.notify_report_event, event_id)


@receiver(signals.period_opened)
def notify_period_opened(sender, period_id: int, **kwargs) -> None:
    send_job(jobs.notify_period_opened, period_id)


@receiver(signals.build_queued)
def build_consolidated_report(sender, build_id: int, **kwargs) -> None:
    """Hand the build to Celery; if the broker is down it stays queued and the sweep retries it."""
    job = jobs.build_consolidated_report
    try:
        send_job(job, build_id)
    except Exception as exc:
        if not job.app.conf.task_always_eager:
            raise
        # The job ran here, in the request, and cannot wait for a retry: show why it stopped.
        logger.exception("Report build %s failed in-process", build_id)
        consolidation.build_mark_failed(build_id=build_id, reason=f"{type(exc).__name__}: {exc}")
