"""The Celery app. Jobs live in each app's `jobs.py` so "task" keeps its plan meaning."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan_portal.settings")

app = Celery("plan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
