"""The home page differs by role: staff see what their agency owes, reviewers their queue, leaders the dashboard."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.models import PeriodState, ReportState
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
    UserFactory,
    leader,
    reviewer_of,
    staff_of,
)

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def make_plan_with_periods(agency, suffix=""):
    plan = PlanFactory()
    AssignmentFactory(task=TaskFactory(plan=plan, due_on=days(-3)), agency=agency)
    soon = ReportingPeriodFactory(plan=plan, label=f"Kỳ sắp hạn{suffix}", submission_due_on=days(5), year=2030)
    returned = ReportingPeriodFactory(plan=plan, label=f"Kỳ bị trả{suffix}", submission_due_on=days(20), year=2031)
    AgencyReportFactory(period=returned, agency=agency, state=ReportState.RETURNED, first_submitted_at=timezone.now())
    return plan, soon, returned


@pytest.fixture
def agency():
    return AgencyFactory(name="Sở Tư pháp", code="STP")


def test_staff_home_lists_returned_reports_before_those_due_soon(client, agency):
    make_plan_with_periods(agency)
    client.force_login(staff_of(agency))
    html = client.get(reverse("home")).content.decode()
    assert "Báo cáo phải gửi" in html
    assert html.index("Kỳ bị trả") < html.index("Kỳ sắp hạn")
    assert "Bị trả lại - cần sửa và gửi lại" in html
    assert 'data-status="in_progress_overdue">1<' in html


def test_staff_home_does_not_show_other_agencies_reports(client, agency):
    make_plan_with_periods(AgencyFactory(name="Sở Y tế", code="SYT"), suffix=" của Sở Y tế")
    client.force_login(staff_of(agency))
    html = client.get(reverse("home")).content.decode()
    assert "của Sở Y tế" not in html
    assert "Không có báo cáo nào phải gửi lúc này." in html


def test_reviewer_home_shows_open_periods_with_reports_waiting(client, agency):
    plan, soon, _returned = make_plan_with_periods(agency)
    AgencyReportFactory(period=soon, agency=agency, state=ReportState.SUBMITTED, first_submitted_at=timezone.now())
    client.force_login(reviewer_of(plan.consolidating_agency))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Kỳ báo cáo đang mở" in html and "Kỳ sắp hạn" in html
    waiting = {row.period.label: row.tally.awaiting_review for row in response.context["review_periods"]}
    assert waiting == {"Kỳ sắp hạn": 1, "Kỳ bị trả": 0}


def test_reviewer_of_another_agency_sees_no_periods(client, agency):
    make_plan_with_periods(agency)
    client.force_login(reviewer_of(AgencyFactory(code="OTHER")))
    assert client.get(reverse("home")).context["review_periods"] == []


def test_leader_home_is_the_dashboard(client, agency):
    make_plan_with_periods(agency)
    client.force_login(leader())
    html = client.get(reverse("home")).content.decode()
    assert "Bảng điều hành" in html and "Tình trạng thực hiện nhiệm vụ" in html


def test_administrator_home_links_to_admin(client):
    client.force_login(UserFactory(is_staff=True, agency=None))
    html = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in html and reverse("admin:agencies_user_changelist") in html


def test_superuser_administrator_home_counts_the_open_periods_of_every_plan(client, agency):
    make_plan_with_periods(agency)  # two open periods of a plan the administrator does not consolidate
    client.force_login(UserFactory(is_staff=True, is_superuser=True, agency=None))
    html = client.get(reverse("home")).content.decode()
    assert "2 kỳ báo cáo đang mở" in html and "Không có kỳ báo cáo nào đang mở" not in html
    assert reverse("admin:index") in html


def test_user_without_role_is_told_to_ask_an_administrator(client):
    client.force_login(UserFactory())
    assert "chưa được phân vai trò" in client.get(reverse("home")).content.decode()


def test_healthz_live_answers_without_login(client):
    response = client.get(reverse("healthz_live"))
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.parametrize("who", ["staff", "reviewer", "leader"])
def test_home_query_count_is_the_same_at_1x_and_10x_data(client, agency, who):
    plan, _soon, _returned = make_plan_with_periods(agency)
    user = {
        "staff": lambda: staff_of(agency),
        "reviewer": lambda: reviewer_of(plan.consolidating_agency),
        "leader": leader,
    }[who]()
    client.force_login(user)

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    small = count()
    for index in range(9):
        make_plan_with_periods(agency, suffix=f" {index}")
        ReportingPeriodFactory(plan=plan, state=PeriodState.OPEN, year=2040 + index)
    assert count() == small
    if who == "staff":  # session, user, permissions; what the agency owes, its reports there, its workload
        assert small == 6
    if who == "reviewer":
        assert small <= 10
