"""A build moves queued → building → ready or failed, survives retries, and is idempotent."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone

from agencies.models import AgencyKind
from reporting import jobs
from reporting.consolidation import services
from reporting.models import BuildState, ConsolidatedReport, ReportBuild, ReportItem
from tests.factories import reviewer_of
from tests.reporting.consolidated_fixtures import make_scene

pytestmark = pytest.mark.django_db


def fake(kind):
    return lambda snapshot: f"{kind}:{snapshot['header']['subject']}".encode()


FAKE_RENDERERS = {kind: fake(kind) for kind in ("pdf", "docx", "xlsx")}


def broken(snapshot):
    raise ValueError("Không đọc được phông chữ")


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def like_a_worker(monkeypatch):
    """Eager jobs that retry and fail the way a worker does, instead of raising into the caller."""
    monkeypatch.setitem(jobs.build_consolidated_report.app.conf, "task_eager_propagates", False)


@pytest.fixture
def fast_renderers(monkeypatch):
    monkeypatch.setattr(services, "default_renderers", lambda: dict(FAKE_RENDERERS))


def test_request_queues_a_new_version_and_runs_only_after_commit(scene, django_capture_on_commit_callbacks):
    reviewer = reviewer_of(scene.snv)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.build_request(report=scene.report, user=reviewer)
    assert (first.version, first.state, len(callbacks)) == (1, BuildState.QUEUED, 1)
    with django_capture_on_commit_callbacks(execute=False):
        second = services.build_request(report=scene.report, user=reviewer)
    assert second.version == 2
    assert ReportBuild.objects.get(pk=first.pk).state == BuildState.QUEUED


def test_eager_job_builds_all_three_real_files(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build = services.build_request(report=scene.report, user=reviewer_of(scene.snv))
    build.refresh_from_db()
    assert (build.state, build.percent, build.attempts, build.error) == (BuildState.READY, 100, 1, "")
    assert build.pdf.open("rb").read(5) == b"%PDF-"
    assert build.docx.name.endswith(".docx") and build.xlsx.name.endswith(".xlsx")
    assert "6-thang-dau-nam-2019" in build.pdf.name
    assert not [name for name in os.listdir(Path(build.pdf.path).parent) if name.startswith(".part-")]


def test_a_renderer_error_fails_the_build_with_its_reason(scene):
    build = services.build_request(report=scene.report, user=None)
    result = services.build_run(build_id=build.pk, renderers={**FAKE_RENDERERS, "docx": broken})
    build.refresh_from_db()
    assert result.state == build.state == BuildState.FAILED
    assert "Không đọc được phông chữ" in build.error
    assert not build.docx and build.finished_at is not None


def test_a_failed_build_can_run_again_from_the_same_snapshot(scene):
    build = services.build_request(report=scene.report, user=None)
    services.build_run(build_id=build.pk, renderers={"pdf": broken})
    frozen = ReportBuild.objects.get(pk=build.pk).snapshot
    ReportItem.objects.update(results="Đã sửa sau khi tạo")  # later edits must not leak into this version
    services.build_run(build_id=build.pk, renderers=FAKE_RENDERERS)
    build.refresh_from_db()
    assert (build.state, build.attempts, build.error) == (BuildState.READY, 2, "")
    assert build.snapshot == frozen


def test_running_a_ready_build_again_changes_nothing(scene):
    build = services.build_request(report=scene.report, user=None)
    services.build_run(build_id=build.pk, renderers=FAKE_RENDERERS)
    build.refresh_from_db()
    stamp = os.stat(build.pdf.path).st_mtime_ns
    again = services.build_run(build_id=build.pk, renderers={"pdf": broken})
    assert again.state == BuildState.READY
    build.refresh_from_db()
    assert build.attempts == 1 and os.stat(build.pdf.path).st_mtime_ns == stamp


def test_job_retries_a_transient_database_error(scene, monkeypatch, like_a_worker):
    calls = []

    def flaky(snapshot):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return b"pdf"

    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": flaky})
    build = services.build_request(report=scene.report, user=None)
    jobs.build_consolidated_report.apply(args=[build.pk])
    build.refresh_from_db()
    assert (build.state, build.attempts, len(calls)) == (BuildState.READY, 2, 2)


def test_job_that_keeps_failing_ends_failed_with_reason(scene, monkeypatch, like_a_worker):
    def down(snapshot):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": down})
    build = services.build_request(report=scene.report, user=None)
    jobs.build_consolidated_report.apply(args=[build.pk])
    build.refresh_from_db()
    assert build.state == BuildState.FAILED
    assert "could not connect to server" in build.error
    assert build.attempts == jobs.build_consolidated_report.max_retries + 1


def test_a_job_whose_build_was_deleted_is_dropped_quietly(scene, fast_renderers, like_a_worker, caplog):
    """A report deleted while its build waited in the queue: the job ends, nothing raises or is created."""
    build = services.build_request(report=scene.report, user=None)
    ReportBuild.objects.filter(pk=build.pk).delete()

    result = jobs.build_consolidated_report.apply(args=[build.pk])

    assert result.successful() and result.get() == "deleted"
    assert not ReportBuild.objects.exists()
    assert "no longer exists" in caplog.text


def test_a_job_failing_after_its_build_was_deleted_ends_without_raising(scene, monkeypatch, like_a_worker):
    """The failure hook runs in the worker's consumer: an error escaping it would stop the worker."""
    build = services.build_request(report=scene.report, user=None)

    def deleted_then_database_down(snapshot):
        ReportBuild.objects.filter(pk=build.pk).delete()
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": deleted_then_database_down})
    result = jobs.build_consolidated_report.apply(args=[build.pk])

    assert result.get() == "deleted"  # the retry found the build gone and ended there
    assert not ReportBuild.objects.exists()


def test_the_failure_hook_logs_instead_of_raising(scene, monkeypatch, caplog):
    build = services.build_request(report=scene.report, user=None)

    def database_down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "build_mark_failed", database_down)
    jobs.build_consolidated_report.on_failure(ValueError("x"), "job-id", [build.pk], {}, None)

    assert f"Could not mark report build {build.pk} failed" in caplog.text


def test_broker_down_leaves_build_queued_and_the_sweep_runs_it(
    scene, monkeypatch, settings, fast_renderers, django_capture_on_commit_callbacks
):
    def no_broker(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    settings.CELERY_TASK_ALWAYS_EAGER = False  # a real broker, which is down

    with monkeypatch.context() as patch:
        patch.setattr(jobs.build_consolidated_report, "apply_async", no_broker)
        with django_capture_on_commit_callbacks(execute=True):
            build = services.build_request(report=scene.report, user=None)
    assert ReportBuild.objects.get(pk=build.pk).state == BuildState.QUEUED
    assert services.builds_sweep(now=timezone.now()) == 0  # not stale yet
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the broker is back; the sweep's job runs here
    assert services.builds_sweep(now=timezone.now() + dt.timedelta(minutes=10)) == 1
    assert ReportBuild.objects.get(pk=build.pk).state == BuildState.READY


def test_in_process_build_that_hits_a_transient_error_shows_failed_not_stuck(
    scene, monkeypatch, django_capture_on_commit_callbacks
):
    def locked(snapshot):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": locked})
    with django_capture_on_commit_callbacks(execute=True):
        build = services.build_request(report=scene.report, user=None)
    build.refresh_from_db()
    assert build.state == BuildState.FAILED and "database is locked" in build.error


def test_sweep_gives_up_on_a_build_that_keeps_dying(scene):
    build = services.build_request(report=scene.report, user=None)
    ReportBuild.objects.filter(pk=build.pk).update(
        state=BuildState.BUILDING, attempts=services.MAX_ATTEMPTS, started_at=timezone.now() - dt.timedelta(hours=2)
    )
    services.builds_sweep(now=timezone.now())
    build.refresh_from_db()
    assert build.state == BuildState.FAILED and build.error


def test_beat_drafts_a_report_once_the_agency_deadline_passed(fast_renderers, django_capture_on_commit_callbacks):
    scene = make_scene()
    ConsolidatedReport.objects.filter(pk=scene.report.pk).delete()
    assert services.draft_reports_after_deadline(today=scene.period.submission_due_on) == []
    with django_capture_on_commit_callbacks(execute=True):
        builds = services.draft_reports_after_deadline(today=scene.period.submission_due_on + dt.timedelta(days=1))
    assert len(builds) == 1
    draft = ReportBuild.objects.get(pk=builds[0].pk)
    assert draft.is_automatic_draft and draft.state == BuildState.READY
    report = draft.consolidated_report
    assert report.number == "/BC-SNV"
    assert report.recipients_text.splitlines()[-1] == "- Lưu: VT, SNV."
    assert services.draft_reports_after_deadline(today=scene.period.submission_due_on + dt.timedelta(days=2)) == []


def test_create_prefills_number_and_the_recipients_of_a_sos_report_not_the_plans_list(scene):
    ConsolidatedReport.objects.filter(pk=scene.report.pk).delete()
    scene.snv.kind = AgencyKind.DEPARTMENT
    scene.snv.save(update_fields=["kind"])
    report = services.consolidated_report_create(period=scene.period, user=reviewer_of(scene.snv))
    assert report.number == "/BC-SNV"
    # The plan's list names Bộ Nội vụ: it received the plan, the Sở's report goes to UBND tỉnh.
    assert report.recipients_text.splitlines() == ["- UBND tỉnh (để báo cáo);", "- Lãnh đạo Sở;", "- Lưu: VT, SNV."]
    assert report.signer_title == "GIÁM ĐỐC"  # the signature block is not left without a position
    with pytest.raises(services.ConsolidationError):
        services.consolidated_report_create(period=scene.period, user=reviewer_of(scene.snv))


def test_only_the_consolidating_agency_may_create_or_build(scene):
    outsider = reviewer_of(scene.agency_a)
    with pytest.raises(services.ConsolidationError):
        services.build_request(report=scene.report, user=outsider)
    with pytest.raises(services.ConsolidationError):
        services.consolidated_report_update(report=scene.report, user=outsider, data={"number": "1/BC-SNV"})


def test_benchmark_command_builds_and_reports_time_and_memory(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("bench_report_build", tasks=3, agencies=2, stdout=out)
    text = out.getvalue()
    assert "state=ready" in text and "peak RSS" in text and "total" in text
    assert not ReportBuild.objects.exists()  # rolled back
