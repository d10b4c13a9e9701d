"""Switches for the fault tests: a broker that is really unreachable, then back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from plan_portal.celery import app
from tests.worker.conftest import start_worker, worker_environment  # noqa: F401 - fixtures for the worker variant

# Nothing listens on port 1: every connection attempt is refused, as when Redis is stopped.
DEAD_BROKER_URL = "redis://127.0.0.1:1/0"


def _reset_producers() -> None:
    """Forget pooled broker connections so the next send connects to the URL now configured.

    The pools are dropped, not closed: kombu keeps one pool per broker URL in a global registry and
    would hand a closed one back the next time that URL is used.
    """
    app._pool = None
    app.amqp._producer_pool = None


@dataclass
class Broker:
    settings: object
    url: str = field(default_factory=lambda: app.conf.broker_url)
    eager: bool = field(default_factory=lambda: app.conf.task_always_eager)

    def down(self) -> None:
        self._use(DEAD_BROKER_URL, eager=False)

    def up(self, *, eager: bool = True) -> None:
        """The broker is back: jobs run in-process (eager) or go to the real broker of REDIS_URL."""
        self._use(self.url, eager=eager)

    def _use(self, url: str, *, eager: bool) -> None:
        app.conf.broker_url = url
        app.conf.task_always_eager = eager
        # The build enqueue path reads the Django setting to tell an in-process run from a real broker.
        self.settings.CELERY_TASK_ALWAYS_EAGER = eager
        _reset_producers()


@pytest.fixture
def broker(settings) -> Iterator[Broker]:
    switch = Broker(settings=settings)
    yield switch
    switch._use(switch.url, eager=switch.eager)
