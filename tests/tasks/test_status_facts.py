"""Stored status facts: the lists' small status expression must agree with the pure rule on every row.

`status_facts_year` is patched to the row's year, as if the portal ran on that day: writes store that
year's facts and `with_status` reads them instead of evaluating the whole timing rule.
"""

import datetime as dt
from unittest import mock

import pytest

from reporting import services
from tasks.jobs import refresh_yearly_status_facts
from tasks.models import Assignment
from tasks.timing import Progress, Status, TimingKind
from tests.reporting.report_world import build_world
from tests.tasks.test_status import BY_10_DEC, DEADLINE_ROWS, ROWS, assignment_with_timing

D = dt.date


def facts_year(year: int):
    return mock.patch("tasks.models.status_facts_year", return_value=year)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("timing", "progress", "completed_on", "today", "days", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in ROWS],
)
def test_stored_facts_give_the_status_of_the_table(timing, progress, completed_on, today, days, expected):
    with facts_year(today.year):
        assignment = assignment_with_timing(timing, progress, completed_on)
        rows = Assignment.objects.filter(pk=assignment.pk)
        assert rows.get().status_year == today.year
        in_sql = rows.with_status(today, due_soon_days=days).get().status_code

    assert in_sql == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("timing", "today", "deadline", "overdue"), [pytest.param(*r[1:], id=r[0]) for r in DEADLINE_ROWS]
)
def test_stored_deadline_and_overdue_agree_with_the_rule(timing, today, deadline, overdue):
    with facts_year(today.year):
        rows = Assignment.objects.filter(pk=assignment_with_timing(timing).pk)
        assert (rows.with_deadline(today).get().deadline_in_force, rows.overdue(today).exists()) == (deadline, overdue)


@pytest.mark.django_db
def test_the_current_years_status_reads_no_task_column():
    """The task list's status is served from the assignment row alone: no join, no timing rule in SQL."""
    with facts_year(2026):
        sql = str(Assignment.objects.with_status(D(2026, 12, 3)).order_by().values("status_code").query)
    assert "tasks_task" not in sql and "MAKE_DATE" not in sql.upper()


@pytest.mark.django_db
def test_changing_a_tasks_timing_moves_its_assignments_status():
    with facts_year(2026):
        assignment = assignment_with_timing({"timing_kind": TimingKind.BY_DATE, "due_on": D(2026, 12, 31)})
        task = assignment.task
        task.due_on = D(2026, 11, 30)
        task.save()
        status = Assignment.objects.with_status(D(2026, 12, 3)).get(pk=assignment.pk).status_code

    assert status == Status.IN_PROGRESS_OVERDUE


@pytest.mark.django_db
def test_recording_the_trigger_gives_an_event_task_its_deadline():
    with facts_year(2026):
        assignment = assignment_with_timing({"timing_kind": TimingKind.AFTER_EVENT, "due_on": None})
        task = assignment.task
        task.trigger_occurred_on, task.days_after_trigger = D(2026, 10, 1), 30
        task.save()
        status = Assignment.objects.with_status(D(2026, 12, 3)).get(pk=assignment.pk).status_code

    assert status == Status.IN_PROGRESS_OVERDUE


@pytest.mark.django_db
def test_approving_a_report_stores_the_completion_for_the_task_list():
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    report.items.update(progress=Progress.IN_PROGRESS, results="Đang triển khai.")
    report.items.filter(assignment=world.lead(0)).update(
        progress=Progress.COMPLETED, completed_on=D(2026, 11, 2), results="Đã ban hành kế hoạch."
    )
    services.report_submit(report_id=report.pk, user=world.staff, version=None, today=D(2019, 6, 10))
    with facts_year(2026):
        services.report_approve(report_id=report.pk, user=world.reviewer)
        status = Assignment.objects.with_status(D(2026, 12, 3)).get(pk=world.lead(0).pk).status_code

    assert status == Status.COMPLETED_LATE  # due 31/12/2019, done 02/11/2026


@pytest.mark.django_db
def test_the_daily_job_moves_a_yearly_duty_into_the_new_year():
    with facts_year(2026):
        assignment = assignment_with_timing(BY_10_DEC, Progress.COMPLETED, D(2026, 12, 1))
    with facts_year(2027):
        moved = refresh_yearly_status_facts()
        again = refresh_yearly_status_facts()
        status = Assignment.objects.with_status(D(2027, 12, 11)).get(pk=assignment.pk).status_code

    assert (moved, again) == (1, 0)
    assert status == Status.IN_PROGRESS_OVERDUE  # 2026's completion does not carry over into 2027
