"""The dashboard's trend: per reporting round, report timeliness and the share of assignments overdue
at its cut-off, as known on that day (the consolidated report's rule, `reporting.progress_as_of`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from reporting.dashboards.filters import PeriodOption
from reporting.progress_as_of import known_progress_spans, overdue_given, overdue_knowing_nothing
from reporting.rollups import PeriodKey, ReportTally
from tasks.models import Assignment, overdue_as_of
from tasks.timing import TimingKind

TREND_PERIODS = 6


@dataclass(frozen=True)
class TrendRow:
    option: PeriodOption
    tally: ReportTally
    assignments: int
    overdue: int

    @property
    def share_overdue(self) -> float | None:
        return self.overdue / self.assignments if self.assignments else None


def round_tally(tallies: dict, key) -> ReportTally:
    """The sum of the tallies of one round (or period) `key` over all agencies."""
    total = ReportTally()
    for (tally_key, _agency_id), tally in tallies.items():
        if tally_key == key:
            total.add(tally)
    return total


def trend_options(options: list[PeriodOption], current: PeriodOption | None) -> list[PeriodOption]:
    """The current round and the ones before it, oldest first."""
    if current is None:
        return []
    start = options.index(current)
    return list(reversed(options[start : start + TREND_PERIODS]))


def trend(
    assignments: QuerySet[Assignment], options: list[PeriodOption], tallies: dict[PeriodKey, ReportTally], today
) -> list[TrendRow]:
    """Per round: report timeliness, and the share of assignments overdue at its cut-off (two queries)."""
    if not options:
        return []
    days = [min(option.ends_on, today) for option in options]
    total, overdue = overdue_at_cut_offs(assignments, days, today)
    return [
        TrendRow(option, round_tally(tallies, option.key), total, overdue[index])
        for index, option in enumerate(options)
    ]


def overdue_at_cut_offs(assignments: QuerySet[Assignment], days: list[dt.date], today: dt.date) -> tuple[int, list]:
    """How many assignments there are, and how many were overdue on each day as known then.

    A past day counts what was known on it (`overdue_as_known_on`); today counts today's status, the
    current round's own approvals included. Set-based: every assignment as if nothing were known, then
    corrected by the approved item each one had on the day (`known_progress_spans`), instead of one
    lookup per assignment and day (seconds at province scale).
    """
    past = [day for day in days if day < today]
    figures = assignments.order_by().aggregate(
        total=Count("id"),
        today=Count("id", filter=overdue_as_of(today)),
        **{
            f"start_{index}": Count("id", filter=overdue_knowing_nothing(day, task="task__"))
            for index, day in enumerate(past)
        },
    )
    corrections = _known_item_corrections(assignments, past)
    overdue = [
        figures[f"start_{index}"] + corrections[index] if day < today else figures["today"]
        for index, day in enumerate(days)
    ]
    return figures["total"], overdue


def _known_item_corrections(assignments: QuerySet[Assignment], days: list[dt.date]) -> list[int]:
    """Per day: overdue given the approved item known that day, minus overdue as if nothing were known."""
    if not days:
        return []
    aggregates = {}
    for index, day in enumerate(days):
        known = Q(known_from__lte=day) & (Q(known_until__gt=day) | Q(known_until__isnull=True))
        task = "assignment__task__"
        given_item = overdue_given(day, F("progress"), F("completed_on"), task=task)
        aggregates[f"item_{index}"] = Count("pk", filter=known & given_item)
        aggregates[f"none_{index}"] = Count("pk", filter=known & overdue_knowing_nothing(day, task=task))
    # Only an assignment past a deadline by the last day can differ (a known item only takes overdue away).
    past_deadline = Q(task__deadline__lt=max(days)) | Q(task__timing_kind=TimingKind.YEARLY)
    figures = known_progress_spans(assignments.filter(past_deadline), max(days)).aggregate(**aggregates)
    return [figures[f"item_{index}"] - figures[f"none_{index}"] for index in range(len(days))]
