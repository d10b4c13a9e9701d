"""Overdue lists: per assignment (scorecard, export) and per task with its lead agencies (dashboard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from tasks.models import Assignment, AssignmentRole, plan_reference

OVERDUE_LIST_SIZE = 20


@dataclass(frozen=True)
class OverdueRow:
    task_id: int
    task_code: str
    task_title: str
    plan_id: int
    plan_number: str
    plan_issued_on: dt.date
    agency_name: str
    deadline: dt.date
    days_overdue: int

    @property
    def plan_reference(self) -> str:
        """`Plan.reference`, named when shown (in the reader's language)."""
        return plan_reference(self.plan_number, self.plan_issued_on)


@dataclass(frozen=True)
class OverdueTask:
    task_id: int
    task_code: str
    task_title: str
    plan_id: int
    plan_number: str
    plan_issued_on: dt.date
    deadline: dt.date
    days_overdue: int
    agencies_overdue: int
    lead: list[tuple[str, str]]  # (code, name) of the lead agencies still overdue

    @property
    def plan_reference(self) -> str:
        """`Plan.reference`, named when shown: the figures are cached for readers of every language."""
        return plan_reference(self.plan_number, self.plan_issued_on)


def overdue_assignments(assignments: QuerySet[Assignment], today: dt.date) -> QuerySet[Assignment]:
    """Overdue in the sense of `assignment_status` (yearly duties against this year's deadline)."""
    return assignments.overdue(today).with_deadline(today)


def overdue_rows(assignments: QuerySet[Assignment], today: dt.date, limit: int | None) -> list[OverdueRow]:
    """Overdue assignments, longest overdue first (one query)."""
    qs = (
        overdue_assignments(assignments, today)
        .order_by("deadline_in_force", "task__plan_id", "task__position", "agency__position")
        .values_list(
            "task_id",
            "task__code",
            "task__title",
            "task__plan_id",
            "task__plan__number",
            "task__plan__issued_on",
            "agency__short_name",
            "agency__name",
            "deadline_in_force",
        )
    )
    return [
        OverdueRow(
            task_id,
            code,
            title,
            plan_id,
            number,
            issued_on,
            short or name,
            deadline,
            (today - deadline).days,
        )
        for task_id, code, title, plan_id, number, issued_on, short, name, deadline in (qs[:limit] if limit else qs)
    ]


def overdue_tasks(assignments: QuerySet[Assignment], today: dt.date, limit: int) -> list[OverdueTask]:
    """Overdue tasks, longest overdue first, each with its lead agencies (two queries)."""
    rows = list(
        overdue_assignments(assignments, today)
        .order_by()
        .values_list(
            "task_id",
            "task__code",
            "task__title",
            "task__plan_id",
            "task__plan__number",
            "task__plan__issued_on",
            "deadline_in_force",
        )
        .annotate(n=Count("id"))
        .order_by("deadline_in_force", "task__plan_id", "task__code")[:limit]
    )
    leads = _overdue_leads(assignments, today, [row[0] for row in rows])
    return [
        OverdueTask(
            task_id,
            code,
            title,
            plan_id,
            number,
            issued_on,
            deadline,
            (today - deadline).days,
            n,
            leads.get(task_id, []),
        )
        for task_id, code, title, plan_id, number, issued_on, deadline, n in rows
    ]


def _overdue_leads(assignments, today: dt.date, task_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    leads: dict[int, list[tuple[str, str]]] = {}
    rows = overdue_assignments(assignments, today).filter(task_id__in=task_ids, role=AssignmentRole.LEAD)
    for task_id, code, short, name in rows.values_list("task_id", "agency__code", "agency__short_name", "agency__name"):
        leads.setdefault(task_id, []).append((code, short or name))
    return leads
