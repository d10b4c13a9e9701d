"""Consolidated reports built by a real Celery worker process through Redis, including a crash."""

import datetime as dt
import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reporting.consolidation.services import STALE_BUILDING_AFTER, builds_sweep
from reporting.management.commands.bench_report_build import generate_report_data
from reporting.models import BuildState, ReportBuild
from tests.factories import reviewer_of
from tests.reporting.consolidated_fixtures import make_scene
from tests.worker.conftest import VISIBILITY_TIMEOUT, kill_hard, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("celery-worker")]


def build_state(build_id: int) -> str:
    return ReportBuild.objects.values_list("state", flat=True).get(pk=build_id)


def download(client, build_id: int, kind: str):
    return client.get(reverse("reporting:consolidated_download", args=[build_id, kind]))


def test_reviewer_builds_a_report_through_a_real_worker(client, start_worker):
    scene = make_scene()
    client.force_login(reviewer_of(scene.snv))
    start_worker()

    response = client.post(reverse("reporting:consolidated_build", args=[scene.report.pk]))

    assert response.status_code == 302
    build = ReportBuild.objects.get(consolidated_report=scene.report)
    wait_for(lambda: build_state(build.pk) in (BuildState.READY, BuildState.FAILED), timeout=120, what="the build")
    build.refresh_from_db()
    assert build.state == BuildState.READY, build.error
    pdf = download(client, build.pk, "pdf")
    text = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "BÁO CÁO" in text
    assert download(client, build.pk, "docx").status_code == 200
    assert download(client, build.pk, "xlsx").status_code == 200


def test_a_worker_killed_mid_build_leaves_no_file_served_and_the_build_ends_ready(client, start_worker, tmp_path):
    report = generate_report_data(30, 15)  # large enough that rendering takes a few seconds
    client.force_login(reviewer_of(report.period.plan.consolidating_agency))
    first_worker = start_worker()
    client.post(reverse("reporting:consolidated_build", args=[report.pk]))
    build = ReportBuild.objects.get(consolidated_report=report)
    wait_for(lambda: build_state(build.pk) == BuildState.BUILDING, timeout=60, what="the build to start")

    kill_hard(first_worker)

    assert build_state(build.pk) == BuildState.BUILDING
    assert download(client, build.pk, "pdf").status_code == 404  # nothing half-written is ever served
    # Redis hands an unacknowledged job out again once its visibility timeout has passed; a new
    # worker looks for such jobs when it starts (and then only every ~100 s), so start it after.
    time.sleep(VISIBILITY_TIMEOUT + 1)
    start_worker()
    ready = lambda: build_state(build.pk) == BuildState.READY  # noqa: E731
    try:
        wait_for(ready, timeout=90, what="the redelivered job")
    except AssertionError:
        # Redelivery missed (a busy machine): beat's sweep is the second way back, as in production.
        builds_sweep(now=timezone.now() + STALE_BUILDING_AFTER + dt.timedelta(minutes=1))
        logs = "\n".join(path.read_text()[-2000:] for path in sorted(tmp_path.glob("worker-*.log")))
        wait_for(ready, timeout=120, what=f"the swept build; worker logs:\n{logs}")
    build.refresh_from_db()
    assert build.attempts >= 2
    pdf = download(client, build.pk, "pdf")
    assert len(PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages) > 1
