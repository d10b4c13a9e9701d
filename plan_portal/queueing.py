"""Enqueue background jobs without ever making the web process wait on, or fail with, the broker.

The database row a job works on (a queued build, an un-emailed notification) is the outbox:
if the broker is unreachable the send is logged and dropped, and a periodic sweep re-enqueues
whatever is still pending once the broker is back.
"""

import logging

from celery import Task as CeleryJob
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def send_job(job: CeleryJob, *args) -> bool:
    """Send now; True when the broker accepted the job (or it ran in-process)."""
    try:
        job.apply_async(args=args, retry=False)
    except (BrokerError, ConnectionError, OSError):
        logger.warning("Broker unreachable: %s%r left for the sweep", job.name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(job: CeleryJob, *args) -> None:
    """Send the job after the current transaction commits, so a worker never sees uncommitted rows."""
    transaction.on_commit(lambda: send_job(job, *args))
