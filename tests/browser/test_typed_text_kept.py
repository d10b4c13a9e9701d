"""Text typed into a form survives the session changing under it or a server error (issue 21, item 6).

The browser keeps it (localStorage) until the server confirms a save; the page it lands on says so in
Vietnamese, and the form's page puts the text back, after a new login if one was needed.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from reporting import services
from reporting.consolidation import services as consolidation
from reporting.models import AgencyReport, ConsolidatedReport, ReportState
from tests.browser.conftest import log_in
from tests.factories import reviewer_of
from tests.reporting.consolidated_fixtures import make_scene
from tests.reporting.report_world import build_world, submit_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"
TYPED = "Đã tổ chức 12 hội nghị quán triệt cho 1.450 cán bộ, công chức trong toàn ngành."
UNSAVED = "chưa được lưu"
RESTORED = "đã được điền lại bên dưới"


def _log_out_in_another_tab(page) -> None:
    other = page.context.new_page()
    other.goto("/")
    other.click("form[action$='/logout/'] button")
    other.close()


def _log_out_and_in_again_in_another_tab(page, username: str) -> None:
    _log_out_in_another_tab(page)
    other = page.context.new_page()
    log_in(other, username, PASSWORD)
    other.close()


def _staff_editing(new_page):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    page = new_page()
    log_in(page, world.staff.username, PASSWORD)
    page.goto(f"/bao-cao/{report.pk}/sua/")
    page.fill("#id_overall_assessment", TYPED)
    page.wait_for_timeout(500)  # the browser stores typed text after a 300 ms pause
    return world, report, page


def _saved_assessment(report: AgencyReport) -> str:
    return AgencyReport.objects.values_list("overall_assessment", flat=True).get(pk=report.pk)


def test_after_a_logout_in_another_tab_the_login_page_says_so_and_the_text_comes_back(new_page):
    world, report, page = _staff_editing(new_page)
    _log_out_in_another_tab(page)

    page.click("button[value=save]")
    page.wait_for_url("**/accounts/login/**")
    assert UNSAVED in page.inner_text("main")
    page.fill("#id_username", world.staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/bao-cao/{report.pk}/sua/")

    assert page.input_value("#id_overall_assessment") == TYPED
    assert RESTORED in page.inner_text(".keep-text-notice")
    page.click("button[value=save]")
    page.wait_for_url(f"**/bao-cao/{report.pk}/sua/")
    assert _saved_assessment(report) == TYPED
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('plan-portal:keep:')).length") == 0


def test_after_the_session_expired_the_text_comes_back_after_login(new_page):
    world, report, page = _staff_editing(new_page)
    Session.objects.all().delete()  # as when the working day's session ends

    page.click("button[value=save]")
    page.wait_for_url("**/accounts/login/**")
    assert UNSAVED in page.inner_text("main")
    log_in(page, world.staff.username, PASSWORD)
    page.goto(f"/bao-cao/{report.pk}/sua/")

    assert page.input_value("#id_overall_assessment") == TYPED
    assert _saved_assessment(report) == ""


def test_a_csrf_failure_says_what_to_do_and_the_text_comes_back_on_reload(new_page):
    world, report, page = _staff_editing(new_page)
    _log_out_and_in_again_in_another_tab(page, world.staff.username)  # a new login: a new CSRF token

    page.click("button[value=save]")
    assert "Trang này đã cũ nên chưa lưu được" in page.inner_text("main")
    assert UNSAVED in page.inner_text(".keep-text-notice")
    page.goto(f"/bao-cao/{report.pk}/sua/")

    assert page.input_value("#id_overall_assessment") == TYPED
    assert RESTORED in page.inner_text(".keep-text-notice")


def test_a_server_error_says_so_in_vietnamese_and_the_text_comes_back(new_page, monkeypatch):
    world, report, page = _staff_editing(new_page)

    def database_gone(**kwargs):
        raise RuntimeError("database connection lost")

    monkeypatch.setattr(services, "report_save_draft", database_gone)
    page.click("button[value=save]")
    assert "Hệ thống đang gặp sự cố" in page.inner_text("main")
    assert UNSAVED in page.inner_text(".keep-text-notice")
    monkeypatch.undo()
    page.goto(f"/bao-cao/{report.pk}/sua/")

    assert page.input_value("#id_overall_assessment") == TYPED


def test_a_review_comment_survives_a_logout_in_another_tab(new_page):
    world, report, staff = _staff_editing(new_page)
    staff.click("button[value=save]")
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=timezone.localdate())
    reviewer = new_page()
    log_in(reviewer, world.reviewer.username, PASSWORD)
    reviewer.goto(f"/bao-cao/{report.pk}/tra-lai/")
    reviewer.fill("#id_reason", "Thiếu số liệu về số người dự hội nghị ở cấp huyện.")
    reviewer.wait_for_timeout(500)
    _log_out_in_another_tab(reviewer)

    reviewer.click("button:has-text('Trả lại báo cáo')")
    reviewer.wait_for_url("**/accounts/login/**")
    assert UNSAVED in reviewer.inner_text("main")
    reviewer.fill("#id_username", world.reviewer.username)
    reviewer.fill("#id_password", PASSWORD)
    reviewer.click("main button[type=submit]")
    reviewer.wait_for_url(f"**/bao-cao/{report.pk}/tra-lai/")

    assert reviewer.input_value("#id_reason") == "Thiếu số liệu về số người dự hội nghị ở cấp huyện."
    reviewer.click("button:has-text('Trả lại báo cáo')")
    reviewer.wait_for_url("**/tham-dinh/")
    assert AgencyReport.objects.get(pk=report.pk).state == ReportState.RETURNED
    assert reviewer.locator(".keep-text-notice").count() == 0  # the success page confirms the save


def test_the_consolidated_reports_own_sections_survive_a_logout_in_another_tab(new_page):
    scene = make_scene()
    reviewer_user = reviewer_of(scene.snv)
    page = new_page()
    log_in(page, reviewer_user.username, PASSWORD)
    page.goto(f"/bao-cao-tong-hop/{scene.report.pk}/")
    page.fill("#id_overall_assessment", TYPED)
    page.wait_for_timeout(500)
    _log_out_in_another_tab(page)

    page.click("form[data-keep-text] button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    log_in(page, reviewer_user.username, PASSWORD)
    page.goto(f"/bao-cao-tong-hop/{scene.report.pk}/")

    assert page.input_value("#id_overall_assessment") == TYPED
    page.click("form[data-keep-text] button[type=submit]")
    page.wait_for_load_state()
    assert ConsolidatedReport.objects.get(pk=scene.report.pk).overall_assessment == TYPED
    assert consolidation.can_edit(reviewer_user, scene.report.period)
