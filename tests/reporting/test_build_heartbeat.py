"""A build whose worker is gone is noticed within minutes, run again once, then failed with why (issue 21)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.consolidation import services
from reporting.models import BuildState, ReportBuild
from tests.factories import reviewer_of
from tests.reporting.consolidated_fixtures import make_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def fast_renderers(monkeypatch):
    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": lambda snapshot: b"%PDF-1.4 test"})


def _worker_died(build: ReportBuild, *, restarts: int = 0) -> None:
    """The state a build is left in when its worker is killed mid-render: building, heartbeat stopped."""
    started = timezone.now() - dt.timedelta(minutes=3)
    ReportBuild.objects.filter(pk=build.pk).update(
        state=BuildState.BUILDING,
        attempts=1 + restarts,
        percent=20,
        started_at=started,
        alive_until=started + services.LEASE,
        restarts=restarts,
    )


def test_a_build_whose_worker_died_is_run_again_within_minutes(scene, fast_renderers, settings):
    build = services.build_request(report=scene.report, user=None)  # its job never ran (no on_commit here)
    _worker_died(build)
    settings.CELERY_TASK_ALWAYS_EAGER = True

    assert services.builds_sweep(now=timezone.now()) == 1  # three minutes after it started, not thirty

    build.refresh_from_db()
    assert (build.state, build.restarts) == (BuildState.READY, 1)


def test_a_build_whose_worker_dies_again_is_failed_with_its_reason(scene):
    build = services.build_request(report=scene.report, user=None)
    _worker_died(build, restarts=1)

    services.builds_sweep(now=timezone.now())

    build.refresh_from_db()
    assert build.state == BuildState.FAILED
    assert "dừng giữa chừng hai lần" in build.error


def test_a_build_still_beating_is_left_alone(scene):
    build = services.build_request(report=scene.report, user=None)
    ReportBuild.objects.filter(pk=build.pk).update(
        state=BuildState.BUILDING,
        started_at=timezone.now() - dt.timedelta(minutes=8),
        alive_until=timezone.now() + dt.timedelta(seconds=90),
    )

    assert services.builds_sweep(now=timezone.now()) == 0
    assert ReportBuild.objects.get(pk=build.pk).state == BuildState.BUILDING


def test_the_page_says_when_a_builds_worker_stopped_answering_and_when_it_is_run_again(client, scene):
    build = services.build_request(report=scene.report, user=None)
    _worker_died(build)
    client.force_login(reviewer_of(scene.snv))
    status_url = reverse("reporting:consolidated_build_status", args=[build.pk])

    page = client.get(reverse("reporting:consolidated_detail", args=[scene.report.pk])).content.decode()
    assert "Không còn nhận được tín hiệu từ tiến trình tạo báo cáo" in page
    assert "Không còn nhận được tín hiệu" in client.get(status_url).json()["notice"]

    ReportBuild.objects.filter(pk=build.pk).update(state=BuildState.QUEUED, restarts=1)
    assert "đang được tạo lại" in client.get(status_url).json()["notice"]


@pytest.mark.django_db(transaction=True)
def test_a_running_build_keeps_its_heartbeat_going_while_it_renders(monkeypatch):
    scene = make_scene()
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", dt.timedelta(seconds=0.1))
    leases = []

    def slow_render(snapshot):
        for _ in range(5):
            time.sleep(0.15)
            leases.append(ReportBuild.objects.values_list("alive_until", flat=True).get())
        return b"%PDF-1.4 test"

    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": slow_render})
    build = services.build_request(report=scene.report, user=None)  # committed: the job runs in-process now

    assert len(set(leases)) >= 3, leases  # pushed forward again and again while the render ran
    assert ReportBuild.objects.get(pk=build.pk).state == BuildState.READY
