"""A period's life cycle: open after a confirmation naming who is told, close, lock after consolidation,
reopen with a reason, cancel one opened by mistake; every step recorded and shown; reminders that say
what was actually sent."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting import dashboards, period_services, services
from reporting.models import (
    BuildState,
    ConsolidatedReport,
    Notification,
    PeriodKind,
    PeriodState,
    ReportBuild,
    ReportingPeriod,
    ReportState,
)
from tests.factories import AgencyFactory, AgencyReportFactory, ReportingPeriodFactory, reviewer_of
from tests.reporting.report_world import build_world, submit_ready

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _step(client, user, period, step, reason=""):
    client.force_login(user)
    return client.post(reverse("reporting:period_step", args=[period.pk]), {"step": step, "reason": reason})


def test_opening_shows_who_will_be_told_before_anything_is_sent(client):
    world = build_world()
    client.force_login(world.reviewer)
    data = {"plan": world.plan.pk, "kind": PeriodKind.ANNUAL, "year": 2020, "sequence": 1, "action": "open"}
    response = client.post(reverse("reporting:period_open"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 đơn vị sẽ được thông báo" in page
    assert world.agency.name in page and world.other.name in page
    assert 'data-recipient-users="2"' in page
    assert not ReportingPeriod.objects.filter(year=2020).exists()
    assert not Notification.objects.exists()


def test_confirming_opens_the_period_records_who_opened_it_and_tells_the_agencies(
    client, django_capture_on_commit_callbacks
):
    world = build_world()
    client.force_login(world.reviewer)
    data = {"plan": world.plan.pk, "kind": PeriodKind.ANNUAL, "year": 2020, "action": "open", "confirmed": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:period_open"), {**data, "sequence": 1})
    period = ReportingPeriod.objects.get(year=2020)
    event = period.events.get()
    assert (period.state, event.actor, event.from_state, event.to_state) == (
        PeriodState.OPEN,
        world.reviewer,
        PeriodState.PLANNED,
        PeriodState.OPEN,
    )
    assert set(Notification.objects.values_list("recipient", flat=True)) == {world.staff.pk, world.other_staff.pk}


def test_opening_before_the_data_window_needs_a_reason(client):
    world = build_world()
    early = ReportingPeriodFactory(
        plan=world.plan,
        kind=PeriodKind.ANNUAL,
        year=2031,
        starts_on=dt.date(2030, 12, 15),
        ends_on=dt.date(2031, 12, 14),
        submission_due_on=dt.date(2031, 12, 17),
        consolidated_due_on=dt.date(2031, 12, 24),
        state=PeriodState.PLANNED,
    )
    client.force_login(world.reviewer)
    url = reverse("reporting:period_open_planned", args=[early.pk])
    refused = client.post(url, {"confirmed": "1", "reason": "  "})
    early.refresh_from_db()
    assert early.state == PeriodState.PLANNED
    assert "cần nêu lý do mở sớm" in refused.content.decode()
    client.post(url, {"confirmed": "1", "reason": "UBND tỉnh yêu cầu báo cáo sớm"})
    early.refresh_from_db()
    assert early.state == PeriodState.OPEN
    assert early.events.get().reason == "UBND tỉnh yêu cầu báo cáo sớm"


def test_close_reopen_and_close_again_are_each_recorded_and_shown_on_the_period_page(client):
    world = build_world()
    _step(client, world.reviewer, world.period, "close", "Hết hạn nhận")
    refused = _step(client, world.reviewer, world.period, "reopen")
    assert "Cần nêu lý do mở lại kỳ báo cáo." in _messages(refused)
    _step(client, world.reviewer, world.period, "reopen", "Sở Y tế xin gửi bổ sung")
    _step(client, world.reviewer, world.period, "close")
    world.period.refresh_from_db()
    assert world.period.state == PeriodState.CLOSED
    steps = list(world.period.events.values_list("from_state", "to_state", "reason"))
    assert steps == [
        ("open", "closed", "Hết hạn nhận"),
        ("closed", "open", "Sở Y tế xin gửi bổ sung"),
        ("open", "closed", ""),
    ]
    page = client.get(reverse("reporting:period_detail", args=[world.period.pk])).content.decode()
    assert "Lịch sử kỳ báo cáo" in page and "Sở Y tế xin gửi bổ sung" in page
    assert page.count("Đã đóng, không nhận báo cáo") >= 3  # the state, and two history rows


def test_a_period_is_locked_only_once_its_consolidated_report_is_built(client):
    world = build_world()
    refused = _step(client, world.reviewer, world.period, "lock")
    assert "Chỉ khóa kỳ sau khi đã tạo xong báo cáo tổng hợp của kỳ." in _messages(refused)
    consolidated = ConsolidatedReport.objects.create(period=world.period)
    ReportBuild.objects.create(consolidated_report=consolidated, version=1, state=BuildState.READY)
    _step(client, world.reviewer, world.period, "lock")
    world.period.refresh_from_db()
    assert world.period.state == PeriodState.LOCKED


def test_a_period_anyone_sent_to_cannot_be_cancelled_but_a_mistaken_one_can(client):
    world = build_world()
    AgencyReportFactory(
        period=world.period, agency=world.agency, state=ReportState.SUBMITTED, first_submitted_at=timezone.now()
    )
    refused = _step(client, world.reviewer, world.period, "cancel", "Mở nhầm")
    assert "Đã có đơn vị gửi báo cáo cho kỳ này: hãy đóng kỳ thay vì hủy." in _messages(refused)
    mistaken = ReportingPeriodFactory(plan=world.plan, kind=PeriodKind.QUARTERLY, sequence=2, label="Quý II năm 2019")
    _step(client, world.reviewer, mistaken, "cancel", "Kế hoạch không báo cáo quý")
    mistaken.refresh_from_db()
    assert mistaken.state == PeriodState.CANCELLED
    # A cancelled round is no round: the dashboard offers and counts it nowhere.
    options = dashboards.period_options(dashboards.DashboardFilters(plan_id=world.plan.pk))
    assert [option.key for option in options] == [("semiannual", 2019, 1)]


def test_closed_periods_leave_the_reviewers_home(client):
    world = build_world()
    client.force_login(world.reviewer)
    assert [row.period for row in client.get(reverse("home")).context["review_periods"]] == [world.period]
    _step(client, world.reviewer, world.period, "close")
    assert client.get(reverse("home")).context["review_periods"] == []


def test_an_agency_cannot_submit_to_a_closed_period_and_keeps_its_draft(client):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    services.report_save_draft(
        report_id=report.pk,
        user=world.staff,
        version=report.version,
        fields={"difficulties": "Thiếu kinh phí"},
        items={},
    )
    period_services.period_close(period_id=world.period.pk, user=world.reviewer)
    with pytest.raises(services.PeriodClosed) as refused:
        services.report_submit(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    assert "đã đóng, không nhận thêm báo cáo" in str(refused.value.message)
    report.refresh_from_db()
    assert (report.state, report.difficulties) == (ReportState.DRAFT, "Thiếu kinh phí")
    client.force_login(world.staff)
    response = client.get(reverse("reporting:report_edit", args=[report.pk]), follow=True)
    assert any("Bản nháp đã lưu của đơn vị vẫn được giữ nguyên" in text for text in _messages(response))


@pytest.mark.parametrize("who", ["staff", "other_staff", "leader", "foreign_reviewer"])
def test_only_the_plans_reviewer_may_step_a_period(client, who):
    world = build_world()
    user = reviewer_of(AgencyFactory(code="SNV2")) if who == "foreign_reviewer" else getattr(world, who)
    assert _step(client, user, world.period, "close").status_code == 404
    world.period.refresh_from_db()
    assert world.period.state == PeriodState.OPEN and not world.period.events.exists()
    assert _step(client, world.reviewer, world.period, "close").status_code == 302
    client.force_login(world.reviewer)
    assert client.get(reverse("reporting:period_step", args=[world.period.pk])).status_code == 405


def test_a_second_reminder_on_the_same_day_says_nobody_was_reminded_again(client, django_capture_on_commit_callbacks):
    world = build_world()
    client.force_login(world.reviewer)
    url = reverse("reporting:period_remind", args=[world.period.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True)
    assert [str(message) for message in first.context["messages"]] == ["Đã gửi nhắc nhở đến 2 đơn vị chưa gửi báo cáo."]
    assert Notification.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, follow=True)
    assert [str(message) for message in second.context["messages"]] == [
        "2 đơn vị đã được nhắc hôm nay nên không nhắc lại."
    ]
    assert Notification.objects.count() == 2


def test_the_confirmation_page_does_the_same_queries_for_2_or_20_agencies(client, django_assert_max_num_queries):
    counts = []
    for extra in (0, 18):
        world = build_world(extra_agencies=extra)
        client.force_login(world.reviewer)
        data = {"plan": world.plan.pk, "kind": PeriodKind.ANNUAL, "year": 2020, "sequence": 1, "action": "open"}
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
            page = client.post(reverse("reporting:period_open"), data).content.decode()
        assert f"{2 + extra} đơn vị sẽ được thông báo" in page
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_closed_period_is_still_reviewed_but_a_locked_one_changes_no_more(client):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    period_services.period_close(period_id=world.period.pk, user=world.reviewer)
    with pytest.raises(services.PeriodClosed):
        services.report_withdraw(report_id=report.pk, user=world.staff)
    services.report_return(report_id=report.pk, user=world.reviewer, reason="Bổ sung số liệu")  # closed: reviewed
    AgencyReportFactory(
        period=world.period, agency=world.other, state=ReportState.SUBMITTED, first_submitted_at=timezone.now()
    )
    ReportingPeriod.objects.filter(pk=world.period.pk).update(state=PeriodState.LOCKED)
    with pytest.raises(services.PeriodClosed) as refused:
        services.report_approve(report_id=world.period.reports.get(agency=world.other).pk, user=world.reviewer)
    assert "đã khóa sau khi tổng hợp" in str(refused.value.message)
