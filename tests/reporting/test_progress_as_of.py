"""Progress and status at a past cut-off come from what was approved by then, never from later approvals."""

import datetime as dt

import pytest

from agencies.models import SuccessionKind
from reporting import services
from reporting.consolidation.snapshot import build_snapshot
from reporting.models import PeriodKind, ReportState
from reporting.progress_as_of import AT_START, progress_as_of, statuses_as_of
from tasks.models import Assignment, AssignmentRole
from tasks.succession import SuccessionLinkSpec, assignments_as_of, succession_record
from tasks.timing import Progress
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    ReportingPeriodFactory,
    ReportItemFactory,
    TaskFactory,
    reviewer_of,
)
from tests.reporting.consolidated_fixtures import make_scene

pytestmark = pytest.mark.django_db

CUT_OFF = dt.date(2019, 6, 14)
EARLIER = {"label": "Năm 2018", "kind": PeriodKind.ANNUAL, "year": 2018, "starts_on": dt.date(2017, 12, 15)}
LATER = {"label": "Năm 2019", "kind": PeriodKind.ANNUAL, "ends_on": dt.date(2019, 12, 14)}


def _period(plan, **fields):
    dates = {
        "ends_on": dt.date(2018, 12, 14),
        "submission_due_on": dt.date(2018, 12, 17),
        "consolidated_due_on": dt.date(2018, 12, 24),
    }
    return ReportingPeriodFactory(plan=plan, **{**dates, **fields})


def _item(period, assignment, state, progress, completed_on=None, approved_at=None):
    report = AgencyReportFactory(period=period, agency=assignment.agency, state=state, approved_at=approved_at)
    return ReportItemFactory(report=report, assignment=assignment, progress=progress, completed_on=completed_on)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # (period, report state, progress, completion date) in the order they happened
        ([("this", ReportState.APPROVED, Progress.IN_PROGRESS, None)], (Progress.IN_PROGRESS, None)),
        (
            [("earlier", ReportState.APPROVED, Progress.COMPLETED, dt.date(2018, 11, 2))],
            (Progress.COMPLETED, dt.date(2018, 11, 2)),
        ),
        ([("later", ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 11, 24))], (Progress.NOT_STARTED, None)),
        ([("this", ReportState.RETURNED, Progress.COMPLETED, dt.date(2019, 5, 1))], (Progress.NOT_STARTED, None)),
        ([("this", ReportState.DRAFT, Progress.IN_PROGRESS, None)], (Progress.NOT_STARTED, None)),
        ([("this", ReportState.SUBMITTED, Progress.IN_PROGRESS, None)], (Progress.NOT_STARTED, None)),
        (
            [
                ("earlier", ReportState.APPROVED, Progress.IN_PROGRESS, None),
                ("this", ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 5, 1)),
                ("later", ReportState.APPROVED, Progress.IN_PROGRESS, None),
            ],
            (Progress.COMPLETED, dt.date(2019, 5, 1)),
        ),
        (
            [
                ("earlier", ReportState.APPROVED, Progress.IN_PROGRESS, None),
                ("this", ReportState.RETURNED, Progress.COMPLETED, dt.date(2019, 5, 1)),
                ("later", ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 11, 24)),
            ],
            (Progress.IN_PROGRESS, None),
        ),
    ],
    ids=[
        "approved-in-period",
        "approved-in-earlier-period",
        "approved-later-only",
        "returned-ignored",
        "draft-ignored",
        "submitted-ignored",
        "this-period-beats-earlier-and-later",
        "earlier-approval-when-this-one-was-returned",
    ],
)
def test_progress_at_cut_off_is_the_latest_approved_item_of_a_period_ending_by_then(history, expected):
    assignment = AssignmentFactory(
        role=AssignmentRole.LEAD, progress=Progress.COMPLETED, completed_on=dt.date(2019, 11, 24)
    )
    plan = assignment.task.plan
    periods = {
        "earlier": _period(plan, **EARLIER),
        "this": _period(plan, ends_on=CUT_OFF, label="6 tháng đầu năm 2019"),
        "later": _period(plan, **LATER),
    }
    for name, state, progress, completed_on in history:
        _item(periods[name], assignment, state, progress, completed_on)

    known = progress_as_of([assignment], CUT_OFF)[assignment.pk]

    assert (known.progress, known.completed_on) == expected


def test_an_assignment_nobody_reported_on_stands_where_it_started_whatever_the_assignment_row_says():
    assignment = AssignmentFactory(
        role=AssignmentRole.LEAD, progress=Progress.COMPLETED, completed_on=dt.date(2019, 1, 2)
    )

    assert progress_as_of([assignment], CUT_OFF) == {assignment.pk: AT_START}


def test_progress_as_of_runs_one_query_whatever_the_number_of_assignments(django_assert_num_queries):
    task = TaskFactory(due_on=dt.date(2019, 3, 31))
    period = _period(task.plan, ends_on=CUT_OFF)
    rows = [AssignmentFactory(task=task, agency=AgencyFactory(), role=AssignmentRole.IMPLEMENTING) for _ in range(25)]
    for row in rows:
        _item(period, row, ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 4, 1))
    with django_assert_num_queries(1):
        statuses = statuses_as_of(rows, {task.pk: task.timing}, CUT_OFF)
    assert set(statuses.values()) == {"completed_late"}


def test_a_merged_predecessors_own_item_stays_on_its_row_at_a_cut_off_before_the_merger():
    task = TaskFactory(due_on=dt.date(2019, 12, 31))
    old, heir = AgencyFactory(name="Sở cũ"), AgencyFactory(name="Sở kế thừa")
    rows = [AssignmentFactory(task=task, agency=agency, role=AssignmentRole.IMPLEMENTING) for agency in (old, heir)]
    period = _period(task.plan, ends_on=CUT_OFF)
    _item(period, rows[0], ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 5, 2))
    _item(period, rows[1], ReportState.APPROVED, Progress.IN_PROGRESS)
    links = [SuccessionLinkSpec(predecessor=old, successor=heir)]
    succession_record(kind=SuccessionKind.MERGE, effective_on=dt.date(2025, 3, 1), links=links)
    assert Assignment.objects.filter(task=task).count() == 1  # the two rows became the heir's one

    then = assignments_as_of(list(Assignment.objects.filter(task=task).select_related("agency")), CUT_OFF)
    known = progress_as_of(then, CUT_OFF)

    assert {row.agency.name: known[row.pk].progress for row in then} == {
        "Sở cũ": Progress.COMPLETED,
        "Sở kế thừa": Progress.IN_PROGRESS,
    }


def test_rebuilding_an_old_report_after_later_approvals_gives_the_same_snapshot():
    scene = make_scene()
    first = build_snapshot(scene.report)
    reviewer = reviewer_of(scene.snv)
    annual = _period(scene.plan, **LATER, year=2019, starts_on=dt.date(2018, 12, 15))
    for agency in (scene.agency_a, scene.agency_b, scene.agency_c, scene.agency_d):
        report = AgencyReportFactory(period=annual, agency=agency, state=ReportState.SUBMITTED)
        for assignment in Assignment.objects.filter(agency=agency).exclude(role=AssignmentRole.COORDINATING):
            ReportItemFactory(
                report=report,
                assignment=assignment,
                progress=Progress.COMPLETED,
                completed_on=dt.date(2019, 11, 24),
                results="Hoàn thành trong tháng 11/2019",
            )
        services.report_approve(report_id=report.pk, user=reviewer)
    assert set(Assignment.objects.filter(role=AssignmentRole.LEAD).values_list("progress", flat=True)) == {
        Progress.COMPLETED
    }

    assert build_snapshot(scene.report) == first


def test_the_dashboard_trend_counts_each_past_cut_off_as_known_then():
    """Reported in progress at the 6-month cut-off, then reported (in the annual report) as done
    before it: the 6-month round stays overdue in the trend, the annual one is not."""
    from reporting import dashboards

    task = TaskFactory(due_on=dt.date(2019, 3, 31))
    assignment = AssignmentFactory(
        task=task, role=AssignmentRole.LEAD, progress=Progress.COMPLETED, completed_on=dt.date(2019, 5, 1)
    )
    half = _period(task.plan, kind=PeriodKind.SEMIANNUAL, year=2019, label="6 tháng đầu năm 2019", ends_on=CUT_OFF)
    year = _period(task.plan, kind=PeriodKind.ANNUAL, year=2019, label="Năm 2019", ends_on=dt.date(2019, 12, 14))
    _item(half, assignment, ReportState.APPROVED, Progress.IN_PROGRESS)
    _item(year, assignment, ReportState.APPROVED, Progress.COMPLETED, completed_on=dt.date(2019, 5, 1))

    board = dashboards.build_dashboard(dashboards.DashboardFilters(), dt.date(2020, 1, 10))

    assert [(str(row.option.label), row.overdue) for row in board.trend] == [
        ("6 tháng đầu năm 2019", 1),
        ("Năm 2019", 0),
    ]


HISTORIES = [
    [],
    [("this", ReportState.APPROVED, Progress.IN_PROGRESS, None)],
    [("earlier", ReportState.APPROVED, Progress.COMPLETED, dt.date(2018, 11, 2))],
    [("earlier", ReportState.APPROVED, Progress.COMPLETED, None)],
    [("later", ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 11, 24))],
    [("this", ReportState.RETURNED, Progress.COMPLETED, dt.date(2019, 5, 1))],
    [("this", ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 7, 1))],  # done after the cut-off
    [
        ("earlier", ReportState.APPROVED, Progress.COMPLETED, dt.date(2018, 11, 2)),
        ("this", ReportState.APPROVED, Progress.IN_PROGRESS, None),  # reopened: no longer done
        ("later", ReportState.APPROVED, Progress.COMPLETED, dt.date(2019, 10, 1)),
    ],
    [
        ("this", ReportState.APPROVED, Progress.IN_PROGRESS, None, dt.datetime(2019, 6, 20, tzinfo=dt.UTC)),
        (
            "ad hoc",
            ReportState.APPROVED,
            Progress.COMPLETED,
            dt.date(2019, 6, 1),
            dt.datetime(2019, 6, 25, tzinfo=dt.UTC),
        ),
    ],
    [
        (
            "this",
            ReportState.APPROVED,
            Progress.COMPLETED,
            dt.date(2019, 6, 1),
            dt.datetime(2019, 6, 25, tzinfo=dt.UTC),
        ),
        ("ad hoc", ReportState.APPROVED, Progress.IN_PROGRESS, None, dt.datetime(2019, 6, 20, tzinfo=dt.UTC)),
    ],
]


@pytest.mark.parametrize("timing", ["by date", "yearly"])
def test_the_trends_set_based_overdue_counts_agree_with_the_rule_for_each_assignment(timing):
    """`overdue_at_cut_offs` (one scan, for the dashboard) against `overdue_as_known_on` (one lookup
    per assignment) on every history above, at cut-offs before, on and after the periods' ends."""
    from django.db.models import Count

    from reporting.dashboards.trend import overdue_at_cut_offs
    from reporting.progress_as_of import overdue_as_known_on
    from tasks.timing import TimingKind

    fields = {"due_on": dt.date(2019, 3, 31)}
    if timing == "yearly":
        fields = {"timing_kind": TimingKind.YEARLY, "due_on": None, "yearly_due_day": 31, "yearly_due_month": 3}
    first = AssignmentFactory(task=TaskFactory(**fields), role=AssignmentRole.LEAD)
    plan = first.task.plan
    periods = {
        "earlier": _period(plan, **EARLIER),
        "this": _period(plan, ends_on=CUT_OFF, label="6 tháng đầu năm 2019"),
        "ad hoc": _period(plan, kind=PeriodKind.AD_HOC, year=2019, ends_on=CUT_OFF, label="Đột xuất"),
        "later": _period(plan, **LATER),
    }
    for index, history in enumerate(HISTORIES):
        task = first.task if index == 0 else TaskFactory(plan=plan, **fields)
        assignment = first if index == 0 else AssignmentFactory(task=task, role=AssignmentRole.LEAD)
        for name, state, progress, completed_on, *approved_at in history:
            _item(periods[name], assignment, state, progress, completed_on, *approved_at)
    assignments = Assignment.objects.all()
    cut_offs = [dt.date(2018, 12, 14), dt.date(2019, 3, 31), CUT_OFF, dt.date(2019, 9, 1), dt.date(2019, 12, 14)]

    total, overdue = overdue_at_cut_offs(assignments, cut_offs, today=dt.date(2020, 1, 10))

    one_by_one = [assignments.aggregate(n=Count("id", filter=overdue_as_known_on(day)))["n"] for day in cut_offs]
    assert (total, overdue) == (len(HISTORIES), one_by_one)
    assert 0 < overdue[2] < total  # the cases tell the rules apart
