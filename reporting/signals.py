"""What the reporting services announce for the background jobs that follow their writes.

A service sends one of these (after its transaction commits, through `send_on_commit`) and
`reporting.job_dispatch` sends the matching job. The services never import the jobs, which call the
services: the dependency runs one way, jobs → services.
"""

from django.db import transaction
from django.dispatch import Signal

report_event_recorded = Signal()  # event_id: a report changed state, its notification is owed
period_opened = Signal()  # period_id: the agencies are to be told
build_queued = Signal()  # build_id: a consolidated report build waits for its job


def send_on_commit(signal: Signal, **ids: int) -> None:
    """Announce once the current transaction commits, so a worker never sees uncommitted rows."""
    transaction.on_commit(lambda: signal.send(sender=None, **ids))
