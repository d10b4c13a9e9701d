"""Redis unreachable while people work, then back with a real Celery worker that catches up, once."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from django.urls import reverse

from plan_portal.celery import app
from plan_portal.queueing import send_job
from reporting import jobs
from reporting.models import BuildState, Notification, ReportBuild, ReportState
from tests.faults.test_broker_down import BROKER_WARNING, _press_build, _review_cycle
from tests.reporting.report_world import build_world
from tests.worker.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("celery-worker"), pytest.mark.django_db(transaction=True)]


def _received(log: Path, job: str) -> int:
    return len(re.findall(rf"Task reporting\.jobs\.{job}\[[^\]]+\] received", log.read_text(errors="replace")))


def _queue_drained() -> bool:
    """Nothing waiting and nothing in hand: with acks_late a job leaves `unacked` only once it has run."""
    with app.connection_for_write() as conn:
        redis = conn.default_channel.client
        return redis.llen("celery") == 0 and redis.hlen("unacked") == 0


def _emails_in(log: Path) -> int:
    return log.read_text(errors="replace").count("\nSubject: ")  # the console backend's copy of each email


def test_jobs_lost_while_redis_was_down_are_done_by_the_worker_once_it_is_back(
    client, start_worker, broker, caplog, tmp_path, django_capture_on_commit_callbacks
):
    world = build_world()
    broker.down()
    with caplog.at_level(logging.WARNING, logger="plan_portal.queueing"):
        report = _review_cycle(client, world, django_capture_on_commit_callbacks)
        build = _press_build(client, world, django_capture_on_commit_callbacks)
    assert caplog.text.count(BROKER_WARNING) == 5
    assert report.state == ReportState.APPROVED
    assert build.state == BuildState.QUEUED
    assert not Notification.objects.exists()  # the events themselves are the outbox

    broker.up(eager=False)  # Redis answers again; beat's next ticks reach a real worker
    start_worker()
    log = tmp_path / "worker-0.log"
    ReportBuild.objects.filter(pk=build.pk).update(created_at=build.created_at - dt.timedelta(minutes=10))
    assert send_job(jobs.sweep_notifications) and send_job(jobs.sweep_report_builds)

    wait_for(lambda: ReportBuild.objects.get(pk=build.pk).state == BuildState.READY, timeout=180, what="the build")
    wait_for(_queue_drained, timeout=60, what="the worker to finish the sweeps")
    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert emailed.count() == 4 and not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert _emails_in(log) == 4

    assert send_job(jobs.sweep_notifications) and send_job(jobs.sweep_report_builds)  # the next beat tick
    wait_for(lambda: _received(log, "sweep_report_builds") == 2, timeout=60, what="the second tick")
    wait_for(_queue_drained, timeout=60, what="the worker to finish the second tick")
    assert _emails_in(log) == 4
    assert ReportBuild.objects.get(pk=build.pk).attempts == 1
    client.force_login(world.reviewer)
    assert client.get(reverse("reporting:consolidated_download", args=[build.pk, "pdf"])).status_code == 200
