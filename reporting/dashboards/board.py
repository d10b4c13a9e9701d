"""The leader dashboard's figures, assembled from the filters, overdue, ranking and trend modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reporting.dashboards.filters import (
    DashboardFilters,
    PeriodOption,
    current_option,
    period_options,
    periods_of_rounds,
)
from reporting.dashboards.overdue import OVERDUE_LIST_SIZE, OverdueTask, overdue_tasks
from reporting.dashboards.ranking import AgencyRank, agency_ranking
from reporting.dashboards.trend import TrendRow, round_tally, trend, trend_options
from reporting.rollups import ReportTally, report_tallies


@dataclass
class Dashboard:
    today: dt.date
    status: dict[str, int]
    period_options: list[PeriodOption]
    current: PeriodOption | None
    completeness: ReportTally
    overdue: list[OverdueTask]
    ranking: list[AgencyRank]
    trend: list[TrendRow] = field(default_factory=list)
    current_period_id: int | None = None  # the one period behind the figures, when a single plan is chosen

    @property
    def total_assignments(self) -> int:
        return sum(self.status.values())


def build_dashboard(filters: DashboardFilters, today: dt.date) -> Dashboard:
    """All the dashboard's figures; a dozen queries whatever the data size."""
    assignments = filters.assignments()
    options = period_options(filters)
    current = current_option(options, filters.period, today)
    rounds = trend_options(options, current)
    tallies = _round_tallies(filters, rounds, today)
    return Dashboard(
        today=today,
        status=assignments.status_counts(today),
        period_options=options,
        current=current,
        completeness=round_tally(tallies, current.key if current else None),
        overdue=overdue_tasks(assignments, today, OVERDUE_LIST_SIZE),
        ranking=agency_ranking(filters, assignments, tallies, today),
        trend=trend(assignments, rounds, tallies, today),
        current_period_id=_single_period_id(filters, current),
    )


def _round_tallies(filters: DashboardFilters, rounds: list[PeriodOption], today: dt.date) -> dict:
    """(round, agency) → tally of the trend's rounds, the current one included."""
    if not rounds:
        return {}
    agency_ids = list(filters.agencies().values_list("pk", flat=True)) if filters.filters_agencies else None
    periods = periods_of_rounds(filters.periods(), [option.key for option in rounds])
    return report_tallies(periods, agency_ids, today=today)


def _single_period_id(filters: DashboardFilters, current: PeriodOption | None) -> int | None:
    if not (filters.plan_id and current):
        return None
    kind, year, sequence = current.key
    return filters.periods().filter(kind=kind, year=year, sequence=sequence).values_list("pk", flat=True).first()
