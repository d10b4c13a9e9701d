"""Where each assignment stood at a past cut-off, from what was known on that date.

`Assignment.progress` holds the latest approved progress and every approval overwrites it, so it
cannot say where an agency stood at the end of an earlier period. The rule, decided here and used by
the consolidated report, the API's period figures and anything else that shows progress or status
for a period:

- An assignment's progress at a cut-off day is that of the latest approved report item of a period
  that ends on or before the day (latest: the period ending last, then the last approved report).
  An approval of a later period never counts, whenever it was made.
- Without such an item the assignment is where it stood at the start: not started, no percentage,
  no completion date.
- Drafts, submitted and returned reports never count.
- Rows as they stood on the day (`tasks.succession.assignments_as_of`): an item belongs to the row
  `row_key_of` gives it, so a predecessor's own item stays on the predecessor's row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, ExtractYear, Lead
from django.db.models.lookups import Exact, IsNull, LessThan, LessThanOrEqual

from reporting.models import ReportItem, ReportState
from tasks.models import REPORTING_ROLES, Assignment, yearly_deadline_expression
from tasks.succession import assignments_as_of, row_key_of
from tasks.timing import Progress, Status, Timing, TimingKind, assignment_status

# A closed period has no "due soon": that is a warning for today's dashboards.
NO_DUE_SOON = -1


@dataclass(frozen=True)
class KnownProgress:
    progress: str = Progress.NOT_STARTED
    percent_complete: int | None = None
    completed_on: dt.date | None = None
    period_id: int | None = None  # the period whose approved item says so; None: the state at the start


AT_START = KnownProgress()


def progress_as_of(assignments: list[Assignment], day: dt.date) -> dict[int, KnownProgress]:
    """Row key (see `row_key_of`) → the progress known on `day`, for every row of `assignments`. One query."""
    row_key = row_key_of(assignments)
    known = {row.pk: AT_START for row in assignments}
    items = (
        ReportItem.objects.filter(
            assignment_id__in=[row.pk for row in assignments if row.pk > 0],
            report__state=ReportState.APPROVED,
            report__period__ends_on__lte=day,
        )
        .order_by("report__period__ends_on", "report__approved_at", "report_id")
        .values_list(
            "assignment_id", "report__agency_id", "progress", "percent_complete", "completed_on", "report__period_id"
        )
    )
    for assignment_id, agency_id, progress, percent, completed_on, period_id in items:
        key = row_key(assignment_id, agency_id)
        if key in known:  # later rows overwrite earlier ones: the latest approved item wins
            done = progress == Progress.COMPLETED
            known[key] = KnownProgress(progress, 100 if done else percent, completed_on if done else None, period_id)
    return known


def status_as_of(timing: Timing, known: KnownProgress, day: dt.date) -> Status:
    """The status category of one assignment on the cut-off `day`, from what was known then."""
    return assignment_status(timing, known.progress, known.completed_on, day, NO_DUE_SOON)


def statuses_as_of(assignments: list[Assignment], timings: dict[int, Timing], day: dt.date) -> dict[int, str]:
    """Row key → status code at `day` of the rows that owe reports; `timings` by task id. One query."""
    known = progress_as_of(assignments, day)
    return {
        row.pk: status_as_of(timings[row.task_id], known[row.pk], day).value
        for row in assignments
        if row.role in REPORTING_ROLES
    }


def status_counts_as_of(statuses: dict[int, str]) -> dict[str, int]:
    """Every status category with its count (zero included), as `AssignmentQuerySet.status_counts` gives."""
    counts = Counter(statuses.values())
    return {status.value: counts.get(status.value, 0) for status in Status}


def status_counts_at_cut_off(assignments: QuerySet[Assignment], day: dt.date) -> dict[str, int]:
    """Status counts on the cut-off `day` of `assignments` as they stood then (successions undone). Three queries."""
    loaded = list(assignments.select_related("task", "agency"))
    timings = {row.task_id: row.task.timing for row in loaded}
    rows = assignments_as_of(loaded, day)
    return status_counts_as_of(statuses_as_of(rows, timings, day))


def overdue_as_known_on(day: dt.date) -> Q:
    """Assignments overdue at `day` as the portal knew them then: past the deadline in force and not
    completed by `day` according to the latest approved item of a period ending by `day` (the rule above).

    One correlated lookup per assignment: for a few assignments. The dashboard's trend, which counts
    many cut-offs over many assignments, uses `known_progress_spans` with `overdue_given`.
    """
    latest = ReportItem.objects.filter(
        assignment_id=OuterRef("pk"), report__state=ReportState.APPROVED, report__period__ends_on__lte=day
    ).order_by("-report__period__ends_on", "-report__approved_at", "-report_id")
    progress = Coalesce(Subquery(latest.values("progress")[:1]), Value(Progress.NOT_STARTED))
    return overdue_given(day, progress, Subquery(latest.values("completed_on")[:1]), task="task__")


def overdue_given(day: dt.date, progress, completed_on, task: str) -> Q:
    """Overdue at `day` for the known `progress` and `completed_on` (expressions) of an assignment
    whose task is reached through `task` (a lookup prefix)."""
    completed = Q(Exact(progress, Value(Progress.COMPLETED)))
    done_by_then = completed & (Q(IsNull(completed_on, True)) | Q(LessThanOrEqual(completed_on, Value(day))))
    done_that_year = (
        completed & Q(Exact(ExtractYear(completed_on), Value(day.year))) & Q(LessThanOrEqual(completed_on, Value(day)))
    )
    past_deadline, past_that_years_deadline = _past_deadlines(day, task)
    return (past_deadline & ~done_by_then) | (past_that_years_deadline & ~done_that_year)


def overdue_knowing_nothing(day: dt.date, task: str) -> Q:
    """`overdue_given` for an assignment with no approved item by `day` (not started)."""
    past_deadline, past_that_years_deadline = _past_deadlines(day, task)
    return past_deadline | past_that_years_deadline


def _past_deadlines(day: dt.date, task: str) -> tuple[Q, Q]:
    past_that_years_deadline = LessThan(yearly_deadline_expression(day.year, prefix=task), Value(day))
    return Q(**{f"{task}deadline__lt": day}), Q(**{f"{task}timing_kind": TimingKind.YEARLY}) & Q(
        past_that_years_deadline
    )


def known_progress_spans(assignments: QuerySet[Assignment], until: dt.date) -> QuerySet[ReportItem]:
    """The approved items of `assignments` in periods ending by `until`, each with the days it is the
    latest known one (the rule above): from its period's end (`known_from`) to the next such item's
    period end (`known_until`, exclusive; NULL: still the latest). An item that a later-approved one of
    the same period end supersedes gets an empty span. One scan, no correlated lookups.
    """
    ends_on = F("report__period__ends_on")
    return ReportItem.objects.filter(
        assignment__in=assignments.values("pk"), report__state=ReportState.APPROVED, report__period__ends_on__lte=until
    ).annotate(
        known_from=ends_on,
        known_until=Window(
            Lead(ends_on),
            partition_by=[F("assignment_id")],
            order_by=[ends_on.asc(), F("report__approved_at").asc(), F("report_id").asc()],
        ),
    )
