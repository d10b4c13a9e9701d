"""One agency's scorecard across all plans, with its succession history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from agencies.models import Agency, AgencySuccessionLink, succession_links
from reporting.dashboards.overdue import OverdueRow, overdue_rows
from reporting.models import AgencyReport
from tasks.models import Assignment, AssignmentHandover
from tasks.timing import Status

SCORECARD_REPORTS = 24
SCORECARD_OPEN_ITEMS = 30
SCORECARD_HANDOVERS = 30


@dataclass
class Scorecard:
    agency: Agency
    status: dict[str, int]
    reports: list[AgencyReport]
    open_items: list[OverdueRow]
    open_items_total: int
    due_soon: int
    # Succession history: whom this agency took over, to whom it passed its duties, and what it passed.
    predecessors: list[AgencySuccessionLink] = field(default_factory=list)
    successors: list[AgencySuccessionLink] = field(default_factory=list)
    handovers: list[AssignmentHandover] = field(default_factory=list)
    handovers_total: int = 0


def scorecard_for(agency: Agency, today: dt.date) -> Scorecard:
    """One agency across all plans: seven queries, three of them for its succession history."""
    assignments = Assignment.objects.filter(agency=agency, task__plan__is_active=True)
    status = assignments.status_counts(today)
    reports = (
        AgencyReport.objects.filter(agency=agency)
        .select_related("period__plan")
        .order_by("-period__ends_on", "-period__plan__issued_on", "-pk")
    )
    return Scorecard(
        agency=agency,
        status=status,
        reports=list(reports[:SCORECARD_REPORTS]),
        open_items=overdue_rows(assignments, today, SCORECARD_OPEN_ITEMS),
        open_items_total=status[Status.IN_PROGRESS_OVERDUE],
        due_soon=status[Status.DUE_SOON],
        **succession_history(agency),
    )


def succession_history(agency: Agency) -> dict:
    """The links to and from the agency, and the assignments it handed over (the first page of them)."""
    predecessors, successors = succession_links(agency)
    handovers = AssignmentHandover.objects.filter(from_agency=agency)
    total = handovers.count() if successors else 0
    shown = (
        handovers.select_related("assignment__task__plan", "assignment__agency").order_by(
            "effective_on", "assignment__task__plan_id", "assignment__task__position", "pk"
        )[:SCORECARD_HANDOVERS]
        if total
        else []
    )
    return {
        "predecessors": predecessors,
        "successors": successors,
        "handovers": list(shown),
        "handovers_total": total,
    }
