"""Celery jobs of the reporting app: thin, take ids, idempotent; enqueued with transaction.on_commit.

Each engineer adds their own jobs here; the business logic lives in services and notifications.
"""

from __future__ import annotations
