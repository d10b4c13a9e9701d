"""Redis really unreachable (a refused port) while people work: pages succeed, the jobs run once it is back."""

from __future__ import annotations

import datetime as dt
import logging

import kombu.utils.functional
import pytest
from django.core import mail
from django.urls import reverse

from plan_portal.queueing import send_job
from reporting import jobs
from reporting.models import AgencyReport, BuildState, ConsolidatedReport, Notification, ReportBuild, ReportState
from tasks.timing import Progress
from tests.reporting.report_world import World, build_world, form_data, item_key, make_ready

pytestmark = pytest.mark.django_db

BROKER_WARNING = "Broker unreachable"


def _post(client, user, url: str, data: dict | None, capture) -> object:
    """A user's POST, with the after-commit sends really attempted, then the page the browser lands on."""
    client.force_login(user)
    with capture(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.content.decode()[:500]
    landing = client.get(response.url)
    assert landing.status_code == 200
    return landing


def _review_cycle(client, world: World, capture) -> AgencyReport:
    """Submit, return, resubmit, approve: the flow of one agency's report, through the pages."""
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(period=world.period, agency=world.agency)
    edit = reverse("reporting:report_edit", args=[report.pk])
    make_ready(report)
    first = form_data(
        report,
        action="review",
        overall_assessment="Đã quán triệt Nghị quyết đến toàn thể cán bộ.",
        **{
            item_key(report, 0, "progress"): Progress.IN_PROGRESS,
            item_key(report, 0, "percent_complete"): 60,
            item_key(report, 0, "results"): "Tổ chức 3 hội nghị quán triệt.",
        },
    )
    _post(client, world.staff, edit, first, capture)
    page = _confirm(client, world, report, capture)
    assert "Đã gửi báo cáo đến Sở Nội vụ." in page.content.decode()

    report.refresh_from_db()
    reason = {"version": report.version, "reason": "Thiếu số liệu hội nghị"}
    _post(client, world.reviewer, reverse("reporting:report_return", args=[report.pk]), reason, capture)

    again = form_data(report, action="review", **{item_key(report, 0, "results"): "Tổ chức 3 hội nghị, 450 người dự."})
    _post(client, world.staff, edit, again, capture)
    _confirm(client, world, report, capture)

    report.refresh_from_db()
    approve = {"version": report.version, "comment": ""}
    page = _post(client, world.reviewer, reverse("reporting:report_approve", args=[report.pk]), approve, capture)
    assert "Đã duyệt báo cáo" in page.content.decode()
    report.refresh_from_db()
    return report


def _confirm(client, world: World, report: AgencyReport, capture):
    """The confirmation step's "Gửi báo cáo đến Sở Nội vụ": the submission itself."""
    report.refresh_from_db()
    confirm = reverse("reporting:report_confirm", args=[report.pk])
    return _post(client, world.staff, confirm, {"version": report.version}, capture)


def _press_build(client, world: World, capture) -> ReportBuild:
    _post(client, world.reviewer, reverse("reporting:consolidated_for_period", args=[world.period.pk]), None, capture)
    consolidated = ConsolidatedReport.objects.get(period=world.period)
    page = _post(client, world.reviewer, reverse("reporting:consolidated_build", args=[consolidated.pk]), None, capture)
    assert "vào hàng đợi" in page.content.decode()
    return ReportBuild.objects.get(consolidated_report=consolidated)


def _beat_runs_the_sweeps() -> None:
    """What Celery beat does every few minutes once the broker answers again."""
    assert send_job(jobs.sweep_notifications)
    assert send_job(jobs.sweep_report_builds)


def test_a_send_to_a_dead_broker_fails_at_once_instead_of_holding_the_request(broker, caplog, monkeypatch):
    # kombu waits between reconnect attempts with this sleep (~6 s in all by default); record
    # the waits instead of timing the send, which a loaded machine would make flaky.
    waits: list[float] = []
    monkeypatch.setattr(kombu.utils.functional, "sleep", waits.append)
    broker.down()
    with caplog.at_level(logging.WARNING, logger="plan_portal.queueing"):
        accepted = send_job(jobs.sweep_notifications)

    assert accepted is False
    assert BROKER_WARNING in caplog.text
    assert waits == [], "the request waited for kombu's reconnect loop"


def test_review_cycle_and_build_with_redis_down_then_the_sweeps_deliver_each_email_once(
    client, broker, caplog, django_capture_on_commit_callbacks
):
    world = build_world()
    broker.down()

    with caplog.at_level(logging.WARNING, logger="plan_portal.queueing"):
        report = _review_cycle(client, world, django_capture_on_commit_callbacks)
        build = _press_build(client, world, django_capture_on_commit_callbacks)

    # Every job owed was really sent to the dead broker and refused: four notifications, one build.
    assert caplog.text.count(BROKER_WARNING) == 5
    assert report.state == ReportState.APPROVED
    assert [e.to_state for e in report.events.all()] == ["draft", "submitted", "returned", "submitted", "approved"]
    assert report.items.get(assignment=world.lead(0)).results == "Tổ chức 3 hội nghị, 450 người dự."
    assert world.lead(0).percent_complete == 60  # approval carried the progress onto the assignment
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    assert build.state == BuildState.QUEUED

    broker.up()
    ReportBuild.objects.filter(pk=build.pk).update(created_at=build.created_at - dt.timedelta(minutes=10))
    _beat_runs_the_sweeps()

    build.refresh_from_db()
    assert build.state == BuildState.READY, build.error
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [
        ("chuyenvien@sotttt.vn", "Báo cáo bị trả lại: 6 tháng đầu năm 2019"),
        ("chuyenvien@sotttt.vn", "Báo cáo đã được duyệt: 6 tháng đầu năm 2019"),
        ("thamdinh@snv.vn", "Báo cáo mới: Sở Thông tin và Truyền thông - 6 tháng đầu năm 2019"),
        ("thamdinh@snv.vn", "Báo cáo mới: Sở Thông tin và Truyền thông - 6 tháng đầu năm 2019"),
    ]
    assert any("Lý do: Thiếu số liệu hội nghị" in m.body for m in mail.outbox)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()

    _beat_runs_the_sweeps()  # the next beat tick finds nothing left to do

    assert len(mail.outbox) == 4
    assert ReportBuild.objects.get(pk=build.pk).attempts == 1
    client.force_login(world.reviewer)
    assert client.get(reverse("reporting:consolidated_download", args=[build.pk, "pdf"])).status_code == 200
