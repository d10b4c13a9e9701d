"""The Celery app. Jobs live in each app's `jobs.py` so "task" keeps its plan meaning."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan_portal.settings")

app = Celery("plan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


@worker_process_init.connect
def _load_renderers(**kwargs) -> None:
    """WeasyPrint takes ~1 s to import: a worker pays it when it starts, not in its first report build."""
    import weasyprint  # noqa: F401
