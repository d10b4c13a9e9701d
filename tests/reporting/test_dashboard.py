"""The leader dashboard: its figures on a hand-made data set, drill-down links, access, caching."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agencies.models import AgencyKind
from reporting import dashboards
from reporting.models import ReportEvent, ReportState
from reporting.rollups import completeness, report_tallies
from tasks.models import AssignmentRole
from tasks.timing import Progress, Status, TimingKind
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
    leader,
    reviewer_of,
    staff_of,
)

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def build_world(prefix: str = "") -> dict:
    """One plan, a department and a district, one assignment in each status category."""
    plan = PlanFactory()
    dept = AgencyFactory(name=f"Sở Xây dựng{prefix}", code=f"SXD{prefix}", kind=AgencyKind.DEPARTMENT)
    district = AgencyFactory(name=f"UBND huyện Ba Tri{prefix}", code=f"BT{prefix}", kind=AgencyKind.DISTRICT)

    def task(**kwargs):
        return TaskFactory(plan=plan, **kwargs)

    overdue = task(due_on=days(-10), title="Nhiệm vụ quá hạn")
    soon = task(due_on=days(5))
    later = task(due_on=days(100))
    no_deadline = task(timing_kind=TimingKind.RECURRING, due_on=None)
    waiting = task(timing_kind=TimingKind.AFTER_EVENT, due_on=None)
    done = task(due_on=days(-30))
    done_late = task(due_on=days(-30))
    lead, implementing = AssignmentRole.LEAD, AssignmentRole.IMPLEMENTING
    AssignmentFactory(task=overdue, agency=dept, role=lead)
    AssignmentFactory(task=overdue, agency=district, role=implementing)
    AssignmentFactory(task=soon, agency=dept, role=lead)
    AssignmentFactory(task=later, agency=dept, role=lead, progress=Progress.IN_PROGRESS)
    AssignmentFactory(task=done, agency=dept, role=lead, progress=Progress.COMPLETED, completed_on=days(-40))
    AssignmentFactory(task=done_late, agency=dept, role=lead, progress=Progress.COMPLETED, completed_on=days(-20))
    AssignmentFactory(task=no_deadline, agency=district, role=implementing)
    AssignmentFactory(task=waiting, agency=district, role=implementing)
    AssignmentFactory(task=waiting, agency=dept, role=AssignmentRole.COORDINATING)

    previous = ReportingPeriodFactory(
        plan=plan,
        year=days(-200).year,
        sequence=1,
        kind="annual",
        label="Kỳ trước",
        starts_on=days(-300),
        ends_on=days(-120),
        submission_due_on=days(-117),
        consolidated_due_on=days(-110),
    )
    current = ReportingPeriodFactory(
        plan=plan,
        year=days(0).year,
        sequence=2,
        label="Kỳ này",
        starts_on=days(-60),
        ends_on=days(10),
        submission_due_on=days(13),
        consolidated_due_on=days(20),
    )
    sent = timezone.now()
    AgencyReportFactory(period=previous, agency=dept, state=ReportState.APPROVED, first_submitted_at=sent, is_late=True)
    AgencyReportFactory(period=previous, agency=district, state=ReportState.APPROVED, first_submitted_at=sent)
    AgencyReportFactory(period=current, agency=dept, state=ReportState.APPROVED, first_submitted_at=sent)
    return {"plan": plan, "dept": dept, "district": district, "current": current, "previous": previous}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def leader_client(client):
    client.force_login(leader())
    return client


def test_status_counts_cover_each_category_and_ignore_coordinating_roles(world):
    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())
    assert board.status == {
        Status.COMPLETED_ON_TIME: 1,
        Status.COMPLETED_LATE: 1,
        Status.IN_PROGRESS_ON_TIME: 1,
        Status.IN_PROGRESS_OVERDUE: 2,
        Status.DUE_SOON: 1,
        Status.NOT_STARTED: 0,
        Status.WAITING_TRIGGER: 1,
        Status.NO_DEADLINE: 1,
    }


def test_completeness_of_the_current_period_counts_owed_sent_approved_and_not_yet_due(world):
    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())
    assert board.current.label == "Kỳ này"
    tally = board.completeness
    # The district has not sent, but its deadline is 13 days away: not yet due, not missing.
    assert (tally.owed, tally.on_time, tally.late, tally.approved, tally.missing, tally.not_yet_due) == (
        2,
        1,
        0,
        1,
        0,
        1,
    )


def test_tallies_for_one_period_agree_with_the_consolidated_reports_completeness(world):
    period = world["current"]
    tallies = report_tallies(type(period).objects.filter(pk=period.pk), per_period=True)
    expected = completeness(period)
    assert sum(t.owed for t in tallies.values()) == expected.owed
    assert sum(t.on_time for t in tallies.values()) == expected.on_time
    assert sum(t.missing for t in tallies.values()) == expected.missing


def test_overdue_list_names_the_lead_agency_and_days_overdue(world):
    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())
    assert [(row.task_title, row.lead, row.agencies_overdue, row.days_overdue) for row in board.overdue] == [
        ("Nhiệm vụ quá hạn", [("SXD", "Sở Xây dựng")], 2, 10)
    ]


def test_ranking_puts_the_agency_reporting_on_time_first_and_does_not_count_a_deadline_not_come(world):
    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())
    names = [rank.name for rank in board.ranking]
    # The district sent its one due report on time (100 %); its current one is not due yet and does
    # not lower its share. The department sent one of two late (50 %).
    assert names == ["UBND huyện Ba Tri", "Sở Xây dựng"]
    assert [rank.tally.percent_on_time for rank in board.ranking] == [100, 50]
    dept = board.ranking[1]
    assert (dept.tally.owed, dept.tally.on_time, dept.tally.late, dept.assignments, dept.overdue) == (2, 1, 1, 5, 1)


def test_trend_lists_the_last_periods_oldest_first(world):
    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())
    assert [row.option.label for row in board.trend] == ["Kỳ trước", "Kỳ này"]
    assert [row.tally.on_time for row in board.trend] == [1, 1]


def test_agency_kind_filter_keeps_only_districts(world):
    filters = dashboards.DashboardFilters(agency_kind=AgencyKind.DISTRICT)
    board = dashboards.build_dashboard(filters, timezone.localdate())
    assert board.total_assignments == 3
    assert (board.completeness.owed, board.completeness.missing, board.completeness.not_yet_due) == (1, 0, 1)
    assert [rank.name for rank in board.ranking] == ["UBND huyện Ba Tri"]


def test_dashboard_page_shows_the_numbers_and_links_each_to_the_filtered_task_list(world, leader_client):
    plan = world["plan"]
    response = leader_client.get(reverse("reporting:dashboard"), {"plan": plan.pk})
    assert response.status_code == 200
    html = response.content.decode()
    expected = f'href="/nhiem-vu/?plan={plan.pk}&amp;status=in_progress_overdue" data-status="in_progress_overdue">2<'
    assert expected in html
    assert "Nhiệm vụ quá hạn" in html
    assert reverse("reporting:scorecard", args=[world["dept"].code]) in html
    assert "<svg" in html


def test_chosen_period_changes_the_completeness_figures(world, leader_client):
    response = leader_client.get(reverse("reporting:dashboard"), {"period": f"annual:{days(-200).year}:1"})
    assert response.context["board"].current.label == "Kỳ trước"
    assert response.context["board"].completeness.late == 1


def test_agency_staff_cannot_open_the_dashboard(world, client):
    client.force_login(staff_of(world["dept"]))
    assert client.get(reverse("reporting:dashboard")).status_code == 403
    assert client.get(reverse("reporting:dashboard_export")).status_code == 403


def test_reviewer_can_open_the_dashboard(world, client):
    client.force_login(reviewer_of(world["plan"].consolidating_agency))
    assert client.get(reverse("reporting:dashboard")).status_code == 200


def test_export_has_a_sheet_per_dashboard_table(world, leader_client):
    response = leader_client.get(reverse("reporting:dashboard_export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 5
    overdue = list(workbook.worksheets[2].values)
    assert len(overdue) == 3 and overdue[1][5] == 10


def test_dashboard_is_not_stale_after_an_approval(world, leader_client):
    url = reverse("reporting:dashboard")
    assert leader_client.get(url).context["board"].completeness.approved == 1
    report = AgencyReportFactory(
        period=world["current"],
        agency=world["district"],
        state=ReportState.SUBMITTED,
        first_submitted_at=timezone.now(),
    )
    report.state = ReportState.APPROVED
    report.save()
    ReportEvent.objects.create(report=report, from_state=ReportState.SUBMITTED, to_state=ReportState.APPROVED)
    response = leader_client.get(url)
    assert response.context["board"].completeness.approved == 2
    assert 'data-completeness="approved">2<' in response.content.decode()


def test_dashboard_is_served_from_cache_until_data_changes(world, leader_client, django_assert_max_num_queries):
    url = reverse("reporting:dashboard")
    leader_client.get(url)
    with django_assert_max_num_queries(6):
        leader_client.get(url)


def _add_scale(factor: int) -> None:
    for index in range(factor):
        build_world(prefix=f"-{index}")


# Queries per page, whatever the data size: the session, the user, the data version (read from the database
# without a shared cache) and the view's own. Cold: the figures are built (the dashboard's dozen
# aggregates); warm: they come from the cache under the data version.
QUERY_BOUNDS = {"dashboard": (21, 4), "scorecard": (12, 12), "export": (22, 5)}


@pytest.mark.parametrize("cache_state", ["cold", "warm"])
@pytest.mark.parametrize("page", ["dashboard", "scorecard", "export"])
def test_query_count_is_bounded_and_the_same_at_1x_and_10x_data(world, leader_client, page, cache_state):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = {
        "dashboard": reverse("reporting:dashboard"),
        "scorecard": reverse("reporting:scorecard", args=[world["dept"].code]),
        "export": reverse("reporting:dashboard_export"),
    }[page]

    def count() -> int:
        cache.clear()
        if cache_state == "warm":
            leader_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert leader_client.get(url).status_code == 200
        return len(queries)

    small = count()
    _add_scale(9)
    assert count() == small
    assert small <= QUERY_BOUNDS[page][cache_state == "warm"]


def _yearly_world(today: dt.date) -> dict:
    """A duty "trước ngày 15/12 hằng năm": one agency owes it, one did it last year, one this year."""
    plan = PlanFactory()
    duty = TaskFactory(
        plan=plan,
        title="Báo cáo hằng năm",
        timing_kind=TimingKind.YEARLY,
        timing_text="trước ngày 15/12 hằng năm",
        due_on=None,
        yearly_due_day=15,
        yearly_due_month=12,
    )
    owing, last_year, this_year = (AgencyFactory(kind=AgencyKind.DEPARTMENT) for _ in range(3))
    AssignmentFactory(task=duty, agency=owing, role=AssignmentRole.LEAD)
    done = Progress.COMPLETED
    AssignmentFactory(
        task=duty,
        agency=last_year,
        role=AssignmentRole.IMPLEMENTING,
        progress=done,
        completed_on=dt.date(today.year - 1, 12, 1),
    )
    AssignmentFactory(
        task=duty,
        agency=this_year,
        role=AssignmentRole.IMPLEMENTING,
        progress=done,
        completed_on=dt.date(today.year, 12, 10),
    )
    return {"duty": duty, "owing": owing}


def test_yearly_duty_past_this_years_deadline_is_overdue_on_the_dashboard():
    today = dt.date(2026, 12, 20)
    _yearly_world(today)

    board = dashboards.build_dashboard(dashboards.DashboardFilters(), today)

    assert (board.status[Status.IN_PROGRESS_OVERDUE], board.status[Status.COMPLETED_ON_TIME]) == (2, 1)
    assert board.status[Status.NO_DEADLINE] == 0
    assert [(row.task_title, row.deadline, row.days_overdue, row.agencies_overdue) for row in board.overdue] == [
        ("Báo cáo hằng năm", dt.date(2026, 12, 15), 5, 2)
    ]


def test_yearly_duty_is_owed_again_after_new_year_and_due_soon_before_its_day():
    _yearly_world(dt.date(2026, 12, 20))

    in_january = dashboards.build_dashboard(dashboards.DashboardFilters(), dt.date(2027, 1, 5))
    in_december = dashboards.build_dashboard(dashboards.DashboardFilters(), dt.date(2027, 12, 5))

    assert (in_january.status[Status.NOT_STARTED], in_january.overdue) == (3, [])
    assert in_december.status[Status.DUE_SOON] == 3


def test_yearly_duty_that_starts_next_year_is_not_yet_due_on_the_dashboard():
    today = dt.date(2026, 12, 20)
    duty = _yearly_world(today)["duty"]
    duty.starts_on = dt.date(2027, 1, 1)  # "hằng năm, từ năm 2027"
    duty.save()

    board = dashboards.build_dashboard(dashboards.DashboardFilters(), today)
    next_december = dashboards.build_dashboard(dashboards.DashboardFilters(), dt.date(2027, 12, 20))

    assert (board.status[Status.IN_PROGRESS_OVERDUE], board.status[Status.NOT_STARTED], board.overdue) == (0, 2, [])
    assert next_december.status[Status.IN_PROGRESS_OVERDUE] == 3


def test_yearly_duties_add_no_dashboard_query(world):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            dashboards.build_dashboard(dashboards.DashboardFilters(), dt.date(2026, 12, 20))
        return len(queries)

    without = count()
    _yearly_world(dt.date(2026, 12, 20))
    assert count() == without


def test_a_chosen_period_and_agency_kind_apply_together_on_the_page_and_in_the_export(world, leader_client):
    previous = world["previous"]
    query = {"period": f"{previous.kind}:{previous.year}:{previous.sequence}", "agency_kind": AgencyKind.DISTRICT}
    response = leader_client.get(reverse("reporting:dashboard"), query)
    html = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" not in html
    assert 'data-completeness="owed">1<' in html and 'data-completeness="on_time">1<' in html
    assert "Kỳ: Kỳ trước" in html
    assert world["district"].name in html and f">{world['dept'].name}</a>" not in html
    export = leader_client.get(reverse("reporting:dashboard_export"), query)
    ranking = load_workbook(io.BytesIO(export.content))["Xếp hạng cơ quan"]
    assert [row[0] for row in ranking.iter_rows(min_row=2, values_only=True)] == [world["district"].name]


def test_a_period_not_offered_is_reported_and_the_other_filters_still_apply(world, leader_client):
    response = leader_client.get(
        reverse("reporting:dashboard"), {"period": "annual:1999:1", "agency_kind": AgencyKind.DISTRICT}
    )
    html = response.content.decode()
    assert "annual:1999:1" in html  # the form says which choice it could not take
    assert f">{world['dept'].name}</a>" not in html and world["district"].name in html


def test_overdue_rows_name_a_plan_without_a_number_by_its_date_as_every_page_does(world, leader_client):
    plan = world["plan"]
    plan.number = ""
    plan.save()
    named = f"Kế hoạch ngày {plan.issued_on:%d/%m/%Y}"

    board = leader_client.get(reverse("reporting:dashboard")).content.decode()
    card = leader_client.get(reverse("reporting:scorecard", args=[world["dept"].code])).content.decode()

    assert f">{named}</a>" in board and f"<td>{named}</td>" in card
    assert "(chưa có số)" not in board + card
