"""A plan's own reporting schedule (monthly reports, due days) shapes the periods proposed and opened."""

import datetime as dt

import pytest

from reporting import period_services, selectors
from reporting.models import PeriodKind, PeriodState, ReportingPeriod
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def due_gaps(settings):
    settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = 3
    settings.CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF = 10


def monthly_plan(**fields):
    defaults = {"reports_monthly": True, "reports_semiannual": False, "reports_annual": False, "report_due_day": 20}
    return PlanFactory(**(defaults | fields))


def proposed(plan, today, per_plan=3):
    return [(p.window.label, p.window.submission_due_on) for p in selectors.period_proposals([plan], today, per_plan)]


def test_monthly_plan_is_proposed_its_next_months_due_on_the_20th():
    plan = monthly_plan()
    assert proposed(plan, D(2024, 8, 21)) == [
        ("Tháng 9 năm 2024", D(2024, 9, 20)),
        ("Tháng 10 năm 2024", D(2024, 10, 20)),
        ("Tháng 11 năm 2024", D(2024, 11, 20)),
    ]


def test_month_stays_proposed_until_its_due_day_has_passed():
    plan = monthly_plan()
    assert proposed(plan, D(2024, 8, 20), per_plan=1) == [("Tháng 8 năm 2024", D(2024, 8, 20))]


def test_months_already_opened_are_not_proposed_again():
    plan = monthly_plan()
    period_services.period_open(plan=plan, kind=PeriodKind.MONTHLY, year=2024, sequence=9, user=None)
    assert [label for label, _due in proposed(plan, D(2024, 8, 21), per_plan=2)] == [
        "Tháng 10 năm 2024",
        "Tháng 11 năm 2024",
    ]


def test_plan_without_monthly_reports_is_not_proposed_months():
    plan = PlanFactory()
    labels = [label for label, _due in proposed(plan, D(2024, 8, 21))]
    assert labels == ["Năm 2024", "6 tháng đầu năm 2025", "Năm 2025"]


def test_opened_month_carries_its_window_and_the_plans_due_day():
    plan = monthly_plan()
    period = period_services.period_open(plan=plan, kind=PeriodKind.MONTHLY, year=2024, sequence=12, user=None)
    period.refresh_from_db()
    assert (period.label, period.state) == ("Tháng 12 năm 2024", PeriodState.OPEN)
    assert (period.starts_on, period.ends_on) == (D(2024, 11, 15), D(2024, 12, 14))
    assert (period.submission_due_on, period.consolidated_due_on) == (D(2024, 12, 20), D(2024, 12, 27))


def test_due_day_not_after_the_cutoff_falls_in_the_next_month():
    plan = monthly_plan(report_due_day=5, data_cutoff_day=31)
    period = period_services.period_propose(plan=plan, kind=PeriodKind.MONTHLY, year=2024, sequence=1, user=None)
    assert (period.starts_on, period.ends_on) == (D(2024, 1, 1), D(2024, 1, 31))
    assert period.submission_due_on == D(2024, 2, 5)


def test_annual_report_is_due_on_the_plans_yearly_date():
    plan = PlanFactory(report_due_day=20, annual_report_due_day=10, annual_report_due_month=12)
    annual = period_services.period_propose(plan=plan, kind=PeriodKind.ANNUAL, year=2024, user=None)
    semiannual = period_services.period_propose(plan=plan, kind=PeriodKind.SEMIANNUAL, year=2024, user=None)
    assert (annual.ends_on, annual.submission_due_on) == (D(2024, 12, 14), D(2024, 12, 10))
    assert semiannual.submission_due_on == D(2024, 6, 20)
    assert ReportingPeriod.objects.filter(plan=plan).count() == 2


def test_plan_without_due_days_keeps_the_days_after_the_cutoff():
    plan = PlanFactory()
    period = period_services.period_propose(plan=plan, kind=PeriodKind.ANNUAL, year=2024, user=None)
    assert (period.submission_due_on, period.consolidated_due_on) == (D(2024, 12, 17), D(2024, 12, 24))
