"""The report flow in real Chromium: submit, return with a reason, resubmit, diff, approve,
then the consolidated report is built and the leader downloads its PDF."""

import datetime as dt

import pytest
from pypdf import PdfReader

from reporting.models import AgencyReport, ReportState
from tasks.models import Assignment
from tasks.timing import Progress
from tests.browser.conftest import log_in
from tests.reporting.report_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"


def test_report_goes_round_the_whole_review_cycle_in_the_browser(new_page):
    world = build_world()
    staff = new_page()
    log_in(staff, world.staff.username, PASSWORD)
    staff.click("nav >> text=Báo cáo")
    staff.click("button:has-text('Lập báo cáo')")
    staff.wait_for_url("**/sua/")
    first = staff.locator("fieldset.report-item").first
    first.locator("select[name$='-progress']").select_option(Progress.COMPLETED)
    first.locator("input[name$='-completed_on']").fill("2019-05-20")
    first.locator("textarea[name$='-results']").fill("Tổ chức 3 hội nghị quán triệt.")
    staff.locator("fieldset.report-item").nth(1).locator("textarea[name$='-difficulties']").fill("Chờ hướng dẫn.")
    staff.click("button[value=review]")
    staff.wait_for_url("**/gui/")
    assert "Tổ chức 3 hội nghị quán triệt." in staff.inner_text("table.confirm-table")
    staff.click("button:has-text('Gửi báo cáo đến Sở Nội vụ')")
    staff.wait_for_url("**/bao-cao/*/")
    assert "Đã gửi báo cáo đến Sở Nội vụ." in staff.inner_text(".messages")
    report = AgencyReport.objects.get(agency=world.agency)

    reviewer = new_page()
    log_in(reviewer, world.reviewer.username, PASSWORD)
    reviewer.click("nav >> text=Thẩm định")
    reviewer.click("table.review-queue >> text=Thẩm định")
    reviewer.click("text=Trả lại…")
    reviewer.fill("#id_reason", "Thiếu số người dự hội nghị")
    reviewer.click("button:has-text('Trả lại báo cáo')")
    reviewer.wait_for_url("**/tham-dinh/")

    staff.goto("/bao-cao/")
    staff.click("text=Sửa và gửi lại")
    assert "Thiếu số người dự hội nghị" in staff.inner_text(".returned-reason")
    staff.locator("fieldset.report-item").first.locator("textarea[name$='-results']").fill(
        "Tổ chức 3 hội nghị, 450 người dự."
    )
    staff.click("button[value=review]")
    staff.wait_for_url("**/gui/")
    staff.fill("#id_reply", "Đã bổ sung số người dự.")
    staff.click("button:has-text('Gửi báo cáo đến Sở Nội vụ')")
    staff.wait_for_url("**/bao-cao/*/")

    reviewer.goto(f"/bao-cao/{report.pk}/")
    assert "Đã bổ sung số người dự." in reviewer.inner_text("#return-notice")
    diff = reviewer.inner_text("section.diff")
    assert "Tổ chức 3 hội nghị quán triệt." in diff and "450 người dự" in diff
    reviewer.click("button:has-text('Duyệt báo cáo')")
    reviewer.wait_for_url("**/tham-dinh/")

    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    lead = Assignment.objects.get(pk=world.lead(0).pk)
    assert (lead.progress, lead.completed_on) == (Progress.COMPLETED, dt.date(2019, 5, 20))

    reviewer.click("nav >> text=Báo cáo tổng hợp")
    reviewer.locator("tr", has_text=world.period.label).get_by_text("Lập báo cáo tổng hợp").click()
    reviewer.locator("main button", has_text="Lập báo cáo tổng hợp").click()
    reviewer.locator("main button", has_text="Tạo báo cáo").click()
    reviewer.locator("a", has_text="PDF").first.wait_for(timeout=60_000)

    leader = new_page()
    log_in(leader, world.leader.username, PASSWORD)
    leader.click("nav >> text=Báo cáo tổng hợp")
    leader.locator("a", has_text=world.period.label).first.click()
    with leader.expect_download() as download:
        leader.locator("a", has_text="PDF").first.click()
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_form_errors_are_in_vietnamese_and_keep_what_was_typed(new_page):
    world = build_world()
    staff = new_page()
    log_in(staff, world.staff.username, PASSWORD)
    staff.click("nav >> text=Báo cáo")
    staff.click("button:has-text('Lập báo cáo')")
    first = staff.locator("fieldset.report-item").first
    first.locator("select[name$='-progress']").select_option(Progress.COMPLETED)
    first.locator("textarea[name$='-results']").fill("Đã tổ chức 2 hội nghị, chưa ghi ngày.")
    staff.click("button[value=review]")

    first = staff.locator("fieldset.report-item").first
    assert "Nhiệm vụ đã hoàn thành cần có ngày hoàn thành." in first.inner_text()
    assert first.locator("textarea[name$='-results']").input_value() == "Đã tổ chức 2 hội nghị, chưa ghi ngày."
    assert AgencyReport.objects.get(agency=world.agency).state == ReportState.DRAFT
