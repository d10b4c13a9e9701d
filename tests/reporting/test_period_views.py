"""Reviewers open periods (now or on their start date), send ad hoc requests and remind the missing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting.models import AgencyReport, PeriodKind, PeriodState, ReportingPeriod, ReportState
from tests.factories import ReportingPeriodFactory
from tests.reporting.report_world import build_world, submit_ready

pytestmark = pytest.mark.django_db


def test_period_list_proposes_the_next_periods_of_the_plan(client):
    world = build_world()
    client.force_login(world.reviewer)
    page = client.get(reverse("reporting:period_list")).content.decode()
    year = timezone.localdate().year
    assert f"Năm {year}" in page or f"Năm {year + 1}" in page
    assert "Mở ngay" in page and "Lên lịch tự mở" in page


@pytest.mark.parametrize(("action", "state"), [("open", PeriodState.OPEN), ("schedule", PeriodState.PLANNED)])
def test_reviewer_opens_or_schedules_a_proposed_period(client, action, state):
    world = build_world()
    client.force_login(world.reviewer)
    data = {
        "plan": world.plan.pk,
        "kind": PeriodKind.ANNUAL,
        "year": 2020,
        "sequence": 1,
        "action": action,
        "confirmed": "1",
    }
    client.post(reverse("reporting:period_open"), data)
    period = ReportingPeriod.objects.get(plan=world.plan, kind=PeriodKind.ANNUAL, year=2020)
    assert (period.label, period.starts_on, period.ends_on) == (
        "Năm 2020",
        dt.date(2019, 12, 15),
        dt.date(2020, 12, 14),
    )
    assert period.state == state


def test_reviewer_opens_a_late_month_of_a_monthly_plan(client):
    world = build_world()
    world.plan.reports_monthly = True
    world.plan.save()
    client.force_login(world.reviewer)
    data = {
        "plan": world.plan.pk,
        "kind": PeriodKind.MONTHLY,
        "year": 2020,
        "sequence": 9,
        "action": "open",
        "confirmed": "1",
    }
    client.post(reverse("reporting:period_open"), data)
    period = ReportingPeriod.objects.get(plan=world.plan, kind=PeriodKind.MONTHLY, year=2020)
    assert (period.sequence, period.label, period.ends_on) == (9, "Tháng 9 năm 2020", dt.date(2020, 9, 14))


def test_a_fifth_quarter_is_refused_with_a_message(client):
    world = build_world()
    client.force_login(world.reviewer)
    data = {"plan": world.plan.pk, "kind": PeriodKind.QUARTERLY, "year": 2020, "sequence": 5, "action": "open"}
    response = client.post(reverse("reporting:period_open"), data, follow=True)
    assert not ReportingPeriod.objects.filter(plan=world.plan, kind=PeriodKind.QUARTERLY).exists()
    assert "4 quý" in response.content.decode()


def test_plan_cutoff_override_shapes_the_opened_period(client):
    world = build_world()
    world.plan.data_cutoff_day = 20
    world.plan.save()
    client.force_login(world.reviewer)
    data = {
        "plan": world.plan.pk,
        "kind": PeriodKind.SEMIANNUAL,
        "year": 2020,
        "sequence": 1,
        "action": "open",
        "confirmed": "1",
    }
    client.post(reverse("reporting:period_open"), data)
    period = ReportingPeriod.objects.get(plan=world.plan, year=2020)
    assert (period.starts_on, period.ends_on) == (dt.date(2019, 12, 21), dt.date(2020, 6, 20))


def test_reviewer_cannot_open_a_period_for_a_plan_they_do_not_consolidate(client):
    from tests.factories import PlanFactory

    world = build_world()
    foreign = PlanFactory(consolidating_agency=world.other)
    client.force_login(world.reviewer)
    data = {"plan": foreign.pk, "kind": PeriodKind.ANNUAL, "year": 2020, "sequence": 1, "action": "open"}
    client.post(reverse("reporting:period_open"), data)
    assert not ReportingPeriod.objects.filter(plan=foreign).exists()


def test_scheduled_period_can_be_opened_early(client):
    world = build_world()
    client.force_login(world.reviewer)
    period = ReportingPeriod.objects.create(
        plan=world.plan,
        kind=PeriodKind.ANNUAL,
        year=2030,
        label="Năm 2030",
        starts_on=dt.date(2029, 12, 15),
        ends_on=dt.date(2030, 12, 14),
        submission_due_on=dt.date(2030, 12, 17),
        consolidated_due_on=dt.date(2030, 12, 24),
    )
    client.post(
        reverse("reporting:period_open_planned", args=[period.pk]),
        {"confirmed": "1", "reason": "UBND tỉnh yêu cầu sớm"},
    )
    period.refresh_from_db()
    assert period.state == PeriodState.OPEN and period.opened_at is not None


def test_ad_hoc_form_rejects_a_past_deadline_and_keeps_the_text(client):
    world = build_world()
    client.force_login(world.reviewer)
    data = {"plan": world.plan.pk, "request_text": "Số liệu cán bộ nữ", "deadline": "2000-01-01"}
    response = client.post(reverse("reporting:ad_hoc_create"), data)
    page = response.content.decode()
    assert "Hạn gửi báo cáo không được trước ngày hôm nay." in page
    assert "Số liệu cán bộ nữ" in page
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.AD_HOC).exists()
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert '<a href="#id_deadline">' in summary and "Hạn gửi báo cáo không được trước ngày hôm nay." in summary
    assert page.index('id="error-summary"') < page.index('name="request_text"')


def test_ad_hoc_request_appears_only_on_the_pages_of_agencies_asked(client):
    world = build_world()
    client.force_login(world.reviewer)
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {
        "plan": world.plan.pk,
        "request_text": "Số liệu cán bộ nữ",
        "deadline": deadline,
        "agencies": [world.other.pk],
    }
    response = client.post(reverse("reporting:ad_hoc_create"), data)
    period = ReportingPeriod.objects.get(kind=PeriodKind.AD_HOC)
    assert response.url == reverse("reporting:period_detail", args=[period.pk])
    client.force_login(world.other_staff)
    assert "Số liệu cán bộ nữ" in client.get(reverse("reporting:my_reports")).content.decode()
    client.force_login(world.staff)
    assert "Số liệu cán bộ nữ" not in client.get(reverse("reporting:my_reports")).content.decode()


def test_completeness_matrix_shows_each_agency_state_and_lateness(client):
    from reporting import services

    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 30))
    client.force_login(world.reviewer)
    page = client.get(reverse("reporting:period_detail", args=[world.period.pk])).content.decode()
    assert "Sở Thông tin và Truyền thông" in page and "Trễ hạn" in page
    assert "Sở Giáo dục và Đào tạo" in page and "Chưa lập" in page
    assert "1 đơn vị chưa gửi báo cáo." in page


def test_demo_reports_cover_every_state_and_are_idempotent(settings):
    settings.DEBUG = True
    call_command("load_seed_plan", stdout=io.StringIO())
    call_command("create_demo_reports", stdout=io.StringIO())
    states = set(AgencyReport.objects.values_list("state", flat=True))
    assert states == set(ReportState.values)
    assert AgencyReport.objects.filter(is_late=True).exists()
    labels = set(ReportingPeriod.objects.values_list("label", flat=True))
    assert {"6 tháng đầu năm 2019", "Năm 2019"} <= labels
    # Rounds seven years old take no more reports: the demo leaves them closed, with the step recorded.
    old = ReportingPeriod.objects.filter(year=2019)
    assert set(old.values_list("state", flat=True)) == {PeriodState.CLOSED}
    assert all(period.events.filter(to_state=PeriodState.CLOSED).count() == 1 for period in old)
    count = AgencyReport.objects.count()
    call_command("create_demo_reports", stdout=io.StringIO())
    assert AgencyReport.objects.count() == count
    assert set(old.values_list("state", flat=True)) == {PeriodState.CLOSED}


def test_demo_reports_refused_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_reports")


def test_period_names_follow_the_readers_language_and_a_typed_name_stays(client):
    world = build_world()
    typed = ReportingPeriodFactory(
        plan=world.plan, kind=PeriodKind.AD_HOC, sequence=7, label="Báo cáo nhanh phục vụ họp Tỉnh ủy"
    )
    client.force_login(world.reviewer)
    url = reverse("reporting:period_list")
    assert "6 tháng đầu năm 2019" in client.get(url).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url).content.decode()

    assert "First 6 months of 2019" in page and "6 tháng đầu năm 2019" not in page
    assert typed.label in page  # a name typed by hand is shown as typed
    world.period.refresh_from_db()
    assert world.period.label == "6 tháng đầu năm 2019"  # stored as documents write it
