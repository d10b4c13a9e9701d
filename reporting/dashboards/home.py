"""The figures of the role home pages: an agency's workload, a reviewer's open periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from reporting.dashboards.trend import round_tally
from reporting.models import PeriodState, ReportingPeriod
from reporting.rollups import ReportTally, report_tallies
from tasks.models import Assignment


def agency_workload(agency_id: int, today: dt.date) -> dict[str, int]:
    return Assignment.objects.filter(agency_id=agency_id, task__plan__is_active=True).status_counts(today)


@dataclass(frozen=True)
class PeriodProgress:
    period: ReportingPeriod
    tally: ReportTally


def review_summary(periods: QuerySet[ReportingPeriod], today: dt.date, limit: int = 10) -> list[PeriodProgress]:
    """Open periods a reviewer consolidates, with the figures of `reporting.rollups` (five queries).

    Closed, locked and cancelled periods take no more submissions: they leave this list.
    """
    open_periods = list(
        periods.filter(state=PeriodState.OPEN).select_related("plan").order_by("submission_due_on", "pk")[:limit]
    )
    if not open_periods:
        return []
    ids = [period.pk for period in open_periods]
    tallies = report_tallies(ReportingPeriod.objects.filter(pk__in=ids), per_period=True, today=today)
    return [PeriodProgress(period, round_tally(tallies, period.pk)) for period in open_periods]
