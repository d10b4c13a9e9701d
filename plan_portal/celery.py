"""The Celery app. Jobs live in each app's `jobs.py` so "task" keeps its plan meaning."""

import os

from celery import Celery
from celery.signals import worker_process_init
from celery.worker.consumer import Consumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan_portal.settings")

app = Celery("plan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


class ReconnectingConsumer(Consumer):
    """Celery's consumer, surviving a broker blip (settings.CELERY_WORKER_CONSUMER).

    Celery 5.7.0, when Redis drops while the worker waits for work, collects the connection (which
    detaches its transport), then closes it and forgets it. Closing restores the unacknowledged jobs
    through the detached transport and raises AttributeError ("'NoneType' object has no attribute
    'hostname'"), not a connection error, so the worker exited; so did the ack of a job that finished
    meanwhile. 5.6.3 only collected and kept the connection for the restart to replace, and survives
    (tests/faults/test_redis_blip_worker.py): this does the same. (Pinning 5.6.3 is not an option: it
    reads app.conf differently, and the test harness's `app.conf.task_always_eager = True` no longer
    took effect.)
    """

    def on_connection_error_after_connected(self, exc):
        connection = self.connection
        if connection is None:
            return super().on_connection_error_after_connected(exc)
        connection.close = _left_open  # shadows the method on this one connection only
        try:
            super().on_connection_error_after_connected(exc)
        finally:
            del connection.close
            self.connection = connection  # collected; the consumer's restart connects anew
        return None


def _left_open(*args, **kwargs) -> None:
    """The jobs this connection held stay in Redis's unacked set and return after the visibility timeout."""


@worker_process_init.connect
def _load_renderers(**kwargs) -> None:
    """WeasyPrint takes ~1 s to import: a worker pays it when it starts, not in its first report build."""
    import weasyprint  # noqa: F401
