"""Redis stopped and started again while a report builds: the worker reconnects and keeps consuming.

With celery 5.7.0 the worker's reconnect path closed a connection it had already collected and died
with `AttributeError: 'NoneType' object has no attribute 'hostname'` (plan_portal.celery.ReconnectingConsumer).
The test runs on a private redis-server so stopping it touches no other test's queue.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse

from plan_portal.celery import app
from reporting.management.commands.bench_report_build import generate_report_data
from reporting.models import BuildState, ReportBuild
from tests.factories import reviewer_of
from tests.faults.conftest import _reset_producers
from tests.worker.conftest import wait_for, worker_logs

pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("celery-worker")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PrivateRedis:
    folder: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10, what="redis-server to answer")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True


@pytest.fixture
def private_redis(worker_environment, tmp_path) -> Iterator[PrivateRedis]:
    """A redis-server of this test's own, used as the broker by the worker and by this process."""
    redis = PrivateRedis(folder=tmp_path)
    redis.start()
    worker_environment["REDIS_URL"] = redis.url
    previous = app.conf.broker_url
    _use_broker(redis.url)
    yield redis
    _use_broker(previous)
    if redis.process.poll() is None:
        redis.stop()


def _use_broker(url: str) -> None:
    # Both spellings: the app reads Django's CELERY_BROKER_URL until broker_url itself is set.
    app.conf.CELERY_BROKER_URL = app.conf.broker_url = url
    _reset_producers()


def _state(build_id: int) -> str:
    return ReportBuild.objects.values_list("state", flat=True).get(pk=build_id)


def test_the_worker_survives_redis_stopping_while_a_report_builds(client, start_worker, private_redis, tmp_path):
    report = generate_report_data(30, 15)  # a build of a few seconds: Redis goes away while it renders
    client.force_login(reviewer_of(report.period.plan.consolidating_agency))
    worker = start_worker(as_in_production=True)
    build_url = reverse("reporting:consolidated_build", args=[report.pk])
    assert client.post(build_url).status_code == 302
    first = ReportBuild.objects.get(consolidated_report=report)
    wait_for(lambda: _state(first.pk) == BuildState.BUILDING, timeout=120, what="the build to start")

    private_redis.stop()
    time.sleep(3)  # the worker notices the lost connection and starts retrying
    private_redis.start()

    try:
        wait_for(lambda: _state(first.pk) == BuildState.READY, timeout=120, what="the build to finish")
        time.sleep(3)  # the worker's reconnect happens after the job, in its main process
        assert worker.poll() is None, "the worker exited"
        assert client.post(build_url).status_code == 302  # a job sent once Redis is back
        second = ReportBuild.objects.get(consolidated_report=report, version=2)
        wait_for(lambda: _state(second.pk) == BuildState.READY, timeout=120, what="the next job to be consumed")
    except AssertionError as failed:
        raise AssertionError(f"{failed}; worker logs:\n{worker_logs(tmp_path)}") from None
    assert "Unrecoverable error" not in worker_logs(tmp_path)
