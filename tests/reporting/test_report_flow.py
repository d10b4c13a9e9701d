"""The whole flow through the test client: submit, return, resubmit, diff, approve, statuses follow."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from reporting.models import AgencyReport, ReportState
from tasks.models import Assignment
from tasks.timing import Progress, Status
from tests.reporting.report_world import build_world, form_data, item_key, make_ready, submit_through_form

pytestmark = pytest.mark.django_db


def test_staff_submits_reviewer_returns_staff_resubmits_reviewer_approves(client, django_capture_on_commit_callbacks):
    world = build_world()
    client.force_login(world.staff)

    page = client.get(reverse("reporting:my_reports"))
    assert "6 tháng đầu năm 2019" in page.content.decode()
    response = client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(period=world.period, agency=world.agency)
    assert response.url == reverse("reporting:report_edit", args=[report.pk])
    assert report.items.count() == 2  # lead and implementing; never the coordinating one

    form = client.get(response.url)
    assert "Tuyên truyền nội dung 0" in form.content.decode()
    data = form_data(
        report,
        overall_assessment="Đã quán triệt Nghị quyết 26 đến toàn thể cán bộ.",
        **{
            item_key(report, 0, "progress"): Progress.COMPLETED,
            item_key(report, 0, "completed_on"): "2019-05-20",
            item_key(report, 0, "results"): "Tổ chức 3 hội nghị quán triệt.",
            item_key(report, 1, "progress"): Progress.IN_PROGRESS,
            item_key(report, 1, "percent_complete"): 40,
            item_key(report, 1, "results"): "Đã xây dựng kế hoạch tuyên truyền.",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_through_form(client, report, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert [m.to for m in mail.outbox] == [["thamdinh@snv.vn"]]
    assert "Sở Thông tin và Truyền thông đã gửi báo cáo" in mail.outbox[0].body

    client.force_login(world.reviewer)
    queue = client.get(reverse("reporting:review_queue"))
    assert "Sở Thông tin và Truyền thông" in queue.content.decode()
    row = queue.content.decode().split("<tbody>")[1]  # the row names its period, plan and state, links the report
    assert report.period.display_label in row
    assert report.period.plan.display_name in row
    assert "Đã gửi" in row
    assert f'href="{reverse("reporting:report_detail", args=[report.pk])}"' in row
    item = report.items.order_by("assignment__task__position")[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:report_return", args=[report.pk]),
            {
                "version": report.version,
                "reason": "Thiếu số liệu hội nghị",
                f"comment_{item.pk}": "Ghi rõ số người dự.",
            },
        )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert "Lý do: Thiếu số liệu hội nghị" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["chuyenvien@sotttt.vn"]

    client.force_login(world.staff)
    assert "Bị trả lại" in client.get(reverse("reporting:my_reports")).content.decode()
    edit = client.get(reverse("reporting:report_edit", args=[report.pk])).content.decode()
    assert "Thiếu số liệu hội nghị" in edit and "Ghi rõ số người dự." in edit
    data = form_data(report, **{item_key(report, 0, "results"): "Tổ chức 3 hội nghị, 450 người dự."})
    with django_capture_on_commit_callbacks(execute=True):
        submit_through_form(client, report, data, reply="Đã bổ sung số người dự từng hội nghị.")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    client.force_login(world.reviewer)
    detail = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Thay đổi so với lần gửi trước" in detail
    assert "450 người dự" in detail and "<del>Tổ chức 3 hội nghị quán triệt.</del>" in detail
    assert "Đã bổ sung số người dự từng hội nghị." in detail  # the agency's answer (giải trình)
    before = Assignment.objects.with_status(dt.date(2019, 6, 1)).get(pk=world.lead(0).pk).status_code
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report_approve", args=[report.pk]), {"version": report.version, "comment": ""})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert "đã được duyệt" in mail.outbox[-1].body
    lead = Assignment.objects.with_status(dt.date(2019, 6, 1)).get(pk=world.lead(0).pk)
    assert (before, lead.status_code) == (Status.NOT_STARTED, Status.COMPLETED_ON_TIME)
    assert lead.completed_on == dt.date(2019, 5, 20)
    implementing = Assignment.objects.get(task=world.tasks[1], agency=world.agency)
    assert (implementing.progress, implementing.percent_complete) == (Progress.IN_PROGRESS, 40)
    timeline = [e.to_state for e in report.events.all()]
    assert timeline == ["draft", "submitted", "returned", "submitted", "approved"]


def test_form_with_errors_keeps_what_was_typed(client):
    world = build_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency)
    data = form_data(
        report,
        overall_assessment="Đoạn văn dài đã gõ cẩn thận",
        **{item_key(report, 0, "progress"): Progress.COMPLETED, item_key(report, 0, "percent_complete"): 150},
    )
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đoạn văn dài đã gõ cẩn thận" in page
    assert "Tỷ lệ hoàn thành phải từ 0 đến 100." in page
    assert "Nhiệm vụ đã hoàn thành cần có ngày hoàn thành." in page
    report.refresh_from_db()
    assert report.overall_assessment == ""


def test_version_conflict_keeps_the_text_and_overwrites_nothing(client):
    world = build_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency)
    first = form_data(report, overall_assessment="Bản của đồng chí A")
    second = form_data(report, overall_assessment="Bản của đồng chí B")
    client.post(reverse("reporting:report_edit", args=[report.pk]), first)
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "vừa được người khác lưu" in page
    assert "Bản của đồng chí B" in page
    report.refresh_from_db()
    assert report.overall_assessment == "Bản của đồng chí A"


def test_autosave_saves_the_draft_and_returns_the_new_version(client):
    world = build_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency)
    data = form_data(report, overall_assessment="Tự động lưu")
    response = client.post(reverse("reporting:report_autosave", args=[report.pk]), data)
    assert response.json()["ok"] is True
    report.refresh_from_db()
    assert (report.overall_assessment, report.version) == ("Tự động lưu", response.json()["version"])
    stale = client.post(reverse("reporting:report_autosave", args=[report.pk]), data)
    assert stale.status_code == 409


def test_withdrawn_report_can_be_edited_again(client):
    world = build_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency)
    make_ready(report)
    submit_through_form(client, report)
    response = client.post(reverse("reporting:report_withdraw", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert response.url == reverse("reporting:report_edit", args=[report.pk])


def test_evidence_documents_are_added_and_listed(client):
    world = build_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency)
    item = report.items.order_by("assignment__task__position")[0]
    data = form_data(
        report,
        **{
            f"ev-{item.pk}-0-number": "123/KH-STTTT",
            f"ev-{item.pk}-0-title": "Kế hoạch tuyên truyền",
            f"ev-{item.pk}-0-issued_on": "2019-03-01",
        },
    )
    client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert list(item.evidence.values_list("number", flat=True)) == ["123/KH-STTTT"]
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "123/KH-STTTT" in page and "Kế hoạch tuyên truyền" in page


def test_reviewer_reopens_an_approved_report_only_with_a_reason(client):
    world = build_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency)
    make_ready(report)
    submit_through_form(client, report)
    client.force_login(world.reviewer)
    report.refresh_from_db()
    client.post(reverse("reporting:report_approve", args=[report.pk]), {"version": report.version})
    client.post(reverse("reporting:report_reopen", args=[report.pk]), {"reason": ""})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    client.post(reverse("reporting:report_reopen", args=[report.pk]), {"reason": "Số liệu sai"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
