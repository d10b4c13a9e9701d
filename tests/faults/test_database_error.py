"""The database fails in the middle of a submission: nothing half-saved, the typed text still on the page."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from reporting.models import AgencyReport, Attachment, EvidenceDocument, ReportState
from tasks.timing import Progress
from tests.reporting.report_world import World, build_world, form_data, item_key, submit_through_form
from tests.sample_files import PDF

TYPED = "Đoạn đánh giá dài đồng chí chuyên viên đã gõ suốt buổi sáng"
TYPED_RESULT = "Tổ chức 5 hội nghị quán triệt, 1.200 lượt người dự"
MESSAGE = "Báo cáo chưa được lưu do sự cố cơ sở dữ liệu"

# Statements of the save behind "Gửi báo cáo…", in the order the service runs them; the fault hits one of
# them. The event is written by the confirmation step (test_a_failed_confirmation_...).
FAULT_POINTS = {
    "report row update": 'UPDATE "reporting_agencyreport"',
    "attachment insert": 'INSERT INTO "reporting_attachment"',
    "items update": 'UPDATE "reporting_reportitem"',
    "evidence insert": 'INSERT INTO "reporting_evidencedocument"',
}


@contextmanager
def database_fails_on(statement: str):
    """The database server answers this statement with an error, as on a lost connection or full disk."""
    hits = []

    def fail(execute, sql, params, many, context):
        if sql.startswith(statement):
            hits.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield hits


def _draft(client, world: World) -> AgencyReport:
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    return AgencyReport.objects.get(period=world.period, agency=world.agency)


def _typed_submission(report: AgencyReport) -> dict:
    item = report.items.order_by("assignment__task__position")[0]
    data = form_data(
        report,
        action="review",
        overall_assessment=TYPED,
        **{
            item_key(report, 0, "progress"): Progress.COMPLETED,
            item_key(report, 0, "completed_on"): "2019-05-20",
            item_key(report, 0, "results"): TYPED_RESULT,
            item_key(report, 1, "difficulties"): "Chờ hướng dẫn của Trung ương.",
            f"ev-{item.pk}-0-number": "45/KH-STTTT",
            f"ev-{item.pk}-0-title": "Kế hoạch tuyên truyền",
        },
    )
    data["attachment_upload"] = SimpleUploadedFile("bien-ban.pdf", PDF)
    return data


def _saved(report: AgencyReport) -> dict:
    """Everything a submission could change, as stored."""
    report = AgencyReport.objects.get(pk=report.pk)
    items = report.items.order_by("pk").values_list("progress", "percent_complete", "completed_on", "results")
    media = Path(settings.MEDIA_ROOT)
    return {
        "report": (report.state, report.version, report.overall_assessment, report.submitted_at, report.is_late),
        "items": list(items),
        "events": list(report.events.values_list("pk", flat=True)),
        "evidence": EvidenceDocument.objects.filter(item__report=report).count(),
        "attachments": Attachment.objects.filter(report=report).count(),
        # Files kept for the form after an error (reporting.kept_uploads) are not the report's.
        "files": sorted(p.name for p in media.rglob("*") if p.is_file() and "kept" not in p.parts)
        if media.exists()
        else [],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("statement", FAULT_POINTS.values(), ids=FAULT_POINTS.keys())
def test_database_error_mid_submission_saves_nothing_and_keeps_the_typed_text(client, statement):
    world = build_world()
    report = _draft(client, world)
    before = _saved(report)

    with database_fails_on(statement) as hits:
        response = client.post(reverse("reporting:report_edit", args=[report.pk]), _typed_submission(report))

    assert hits, "the fault was never reached"
    page = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in page
    assert TYPED in page and TYPED_RESULT in page and "45/KH-STTTT" in page
    assert "Đã giữ tệp bien-ban.pdf" in page  # the chosen file need not be chosen again
    assert _saved(report) == before

    retry = client.post(reverse("reporting:report_edit", args=[report.pk]), _typed_submission(report))
    assert retry.url == reverse("reporting:report_confirm", args=[report.pk])  # the database answers again
    report.refresh_from_db()
    confirm = client.post(retry.url, {"version": report.version})
    assert confirm.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.overall_assessment) == (ReportState.SUBMITTED, TYPED)


@pytest.mark.django_db
def test_a_failed_confirmation_sends_nothing_and_can_be_pressed_again(client):
    world = build_world()
    report = _draft(client, world)
    client.post(reverse("reporting:report_edit", args=[report.pk]), _typed_submission(report))
    report.refresh_from_db()
    before = _saved(report)
    confirm = reverse("reporting:report_confirm", args=[report.pk])

    with database_fails_on('INSERT INTO "reporting_reportevent"') as hits:
        response = client.post(confirm, {"version": report.version})

    assert hits and response.status_code == 200
    assert STEP_MESSAGE in response.content.decode()
    assert _saved(report) == before
    assert client.post(confirm, {"version": report.version}).status_code == 302
    assert AgencyReport.objects.get(pk=report.pk).state == ReportState.SUBMITTED


@contextmanager
def event_table_locked_by_another_session():
    """Another session holds a write lock on the event table (a long maintenance job, say)."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute('LOCK TABLE "reporting_reportevent" IN EXCLUSIVE MODE')  # reads still allowed
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=10), "the other session never got its lock"
        yield
    finally:
        release.set()
        holder.join(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_real_lock_timeout_from_postgresql_at_the_last_step_saves_nothing(client, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for a server-side lock timeout (CI's second pass runs it)")
    world = build_world()
    report = _draft(client, world)
    client.post(reverse("reporting:report_edit", args=[report.pk]), _typed_submission(report))
    report.refresh_from_db()
    before = _saved(report)

    with event_table_locked_by_another_session():
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        try:
            confirm = reverse("reporting:report_confirm", args=[report.pk])
            response = client.post(confirm, {"version": report.version})
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")

    page = response.content.decode()
    assert "canceling statement due to lock timeout" in caplog.text  # the server's own error, logged for ops
    assert response.status_code == 200
    assert STEP_MESSAGE in page and TYPED in page and TYPED_RESULT in page
    assert _saved(report) == before


STEP_MESSAGE = "Chưa thực hiện được do sự cố cơ sở dữ liệu"


def _submitted(client, world: World) -> AgencyReport:
    report = _draft(client, world)
    submit_through_form(client, report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    return report


def _approved(client, world: World) -> AgencyReport:
    report = _submitted(client, world)
    client.force_login(world.reviewer)
    client.post(reverse("reporting:report_approve", args=[report.pk]), {"version": report.version, "comment": ""})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    return report


def _return_post(client, world, report):
    client.force_login(world.reviewer)
    data = {"version": report.version, "reason": TYPED}
    return client.post(reverse("reporting:report_return", args=[report.pk]), data)


def _approve_post(client, world, report):
    client.force_login(world.reviewer)
    data = {"version": report.version, "comment": "Đạt yêu cầu"}
    return client.post(reverse("reporting:report_approve", args=[report.pk]), data, follow=True)


def _reopen_post(client, world, report):
    client.force_login(world.reviewer)
    data = {"reason": "Số liệu quý III cần bổ sung"}
    return client.post(reverse("reporting:report_reopen", args=[report.pk]), data, follow=True)


def _withdraw_post(client, world, report):
    client.force_login(world.staff)
    return client.post(reverse("reporting:report_withdraw", args=[report.pk]), follow=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prepare", "step"),
    [(_submitted, _return_post), (_submitted, _approve_post), (_approved, _reopen_post), (_submitted, _withdraw_post)],
    ids=["return", "approve", "reopen", "withdraw"],
)
def test_database_error_in_a_review_step_writes_nothing_and_says_so(client, prepare, step):
    world = build_world()
    report = prepare(client, world)
    before = _saved(report)

    with database_fails_on('UPDATE "reporting_agencyreport"') as hits:
        response = step(client, world, report)

    assert hits, "the fault was never reached"
    assert response.status_code == 200
    assert STEP_MESSAGE in response.content.decode()
    assert _saved(report) == before


@pytest.mark.django_db
def test_a_return_that_failed_keeps_the_typed_reason_on_the_page(client):
    world = build_world()
    report = _submitted(client, world)

    with database_fails_on('UPDATE "reporting_agencyreport"'):
        response = _return_post(client, world, report)

    assert TYPED in response.content.decode()
    assert _return_post(client, world, report).status_code == 302, "the same return goes through afterwards"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prepare", "step", "typed"),
    [(_submitted, _approve_post, "Đạt yêu cầu"), (_approved, _reopen_post, "Số liệu quý III cần bổ sung")],
    ids=["approve comment", "reopen reason"],
)
def test_an_approval_or_reopening_that_failed_keeps_the_typed_text_in_its_box(client, prepare, step, typed):
    world = build_world()
    report = prepare(client, world)

    with database_fails_on('UPDATE "reporting_agencyreport"'):
        response = step(client, world, report)

    page = response.content.decode()
    assert STEP_MESSAGE in page
    assert f">\n{typed}</textarea>" in page  # Django puts a newline after the opening tag
    assert step(client, world, report).redirect_chain, "the same step goes through afterwards"
