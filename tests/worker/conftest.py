"""A real Celery worker process on Redis, working on the test database.

These tests need PostgreSQL (a second process cannot see SQLite's in-memory test database) and
REDIS_URL. CI's second `make test` pass has both; on the embedded default they skip, saying so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
QUIET_WORKER = ["--without-gossip", "--without-mingle", "--without-heartbeat"]
VISIBILITY_TIMEOUT = 4  # seconds before Redis hands an unacknowledged job to another worker


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker_environment(transactional_db, settings) -> dict[str, str]:
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and REDIS_URL (CI's second `make test` pass runs it)")
    from plan_portal.celery import app

    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:  # a clean queue: no job left over from an earlier run
        conn.default_channel.client.flushdb()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=_database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def start_worker(worker_environment, tmp_path) -> Iterator[Callable[[], subprocess.Popen]]:
    """Start `celery worker` processes (each in its own process group); all are stopped afterwards.

    A test's worker is small: one process, no gossip, mingle or heartbeat. `as_in_production` starts it as
    bin/serve does instead: two pool children (so it waits on Redis for more work while a job runs),
    gossip, mingle and heartbeat on.
    """
    started: list[subprocess.Popen] = []

    def start(*, as_in_production: bool = False) -> subprocess.Popen:
        options = ["--pool=prefork", "--concurrency=2"] if as_in_production else ["--pool=solo", *QUIET_WORKER]
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "plan_portal",
                "worker",
                *options,
                "--loglevel=info",
                f"--hostname=test-{len(started)}@%h",
            ],
            cwd=ROOT,
            env=worker_environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL the worker: no cleanup, no acknowledgement, as when a machine loses power."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def worker_logs(folder: Path) -> str:
    """The tail of each worker's log, for a failure message: what the worker was doing."""
    logs = sorted(folder.glob("worker-*.log"))
    return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
