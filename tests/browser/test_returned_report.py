"""A returned report in the browser: its notification opens on the reason and the comments per task,
the form shows them first, an error takes the focus to the summary, an oversized file never leaves."""

import os

import pytest

from reporting import services
from reporting.models import AgencyReport
from tests.browser.conftest import log_in
from tests.reporting.report_world import build_world, submit_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"
SHOTS = os.environ.get("PHONE_SCREENSHOTS")


def _returned(world) -> AgencyReport:
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=world.period.ends_on)
    item = report.items.order_by("assignment__task__position").last()
    services.report_return(
        report_id=report.pk,
        user=world.reviewer,
        reason="Thiếu số người dự các hội nghị quán triệt.",
        item_comments={item.pk: "Ghi rõ số văn bản đã ban hành."},
    )
    return report


def test_the_return_notification_opens_on_the_reason_and_task_comments(new_page):
    world = build_world(task_count=6)
    report = _returned(world)
    page = new_page()
    log_in(page, world.staff.username, PASSWORD)
    page.goto("/thong-bao/")
    page.get_by_role("link", name="Báo cáo bị trả lại").first.click()
    page.wait_for_url(f"**/bao-cao/{report.pk}/")
    notice = page.locator("#return-notice")
    box = notice.bounding_box()
    assert box["y"] + box["height"] <= 768  # on the first screen, not at the bottom of a long page
    assert "Thiếu số người dự" in notice.inner_text() and "Ghi rõ số văn bản đã ban hành." in notice.inner_text()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "desktop-returned-report.png"))
    notice.get_by_role("link").first.click()
    assert page.evaluate("location.hash").startswith("#item-")


def test_an_error_takes_focus_to_the_summary_and_its_link_to_the_field(new_page):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    page = new_page()
    log_in(page, world.staff.username, PASSWORD)
    page.goto(f"/bao-cao/{report.pk}/sua/")
    first = page.locator("fieldset.report-item").first
    first.locator("select[name$='-progress']").select_option("completed")
    page.click("button[value=save]")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.id").endswith("-completed_on")


def test_an_oversized_file_is_refused_before_it_is_sent(new_page, settings, tmp_path):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    big = tmp_path / "bien-ban.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 2048)
    page = new_page()
    log_in(page, world.staff.username, PASSWORD)
    page.goto(f"/bao-cao/{report.pk}/sua/")
    page.evaluate("document.getElementById('id_attachment_upload').setAttribute('data-max-bytes', '1024')")
    page.set_input_files("#id_attachment_upload", str(big))
    field = page.locator("#id_attachment_upload")
    assert "Tệp quá lớn" in page.inner_text("#id_attachment_upload_client_error")
    assert field.get_attribute("aria-invalid") == "true" and field.evaluate("input => input.files.length") == 0
