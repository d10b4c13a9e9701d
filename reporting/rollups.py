"""The figures that dashboards and consolidated reports both show: one source of the numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from agencies.models import Agency
from reporting.models import AgencyReport, PeriodKind, ReportingPeriod, ReportState
from tasks.models import Assignment
from tasks.timing import Status


def status_counts(assignments: QuerySet[Assignment], today: dt.date) -> dict[str, int]:
    """Assignments per status category, every category present (zero when empty), in display order."""
    rows = assignments.with_status(today).order_by().values("status_code").annotate(n=Count("id"))
    found = {row["status_code"]: row["n"] for row in rows}
    return {status.value: found.get(status.value, 0) for status in Status}


def agencies_owing_report(period: ReportingPeriod) -> QuerySet[Agency]:
    """Agencies that owe a report for the period: those asked (ad hoc) or holding a lead/implementing assignment."""
    if period.kind == PeriodKind.AD_HOC and period.requested_agencies.exists():
        return period.requested_agencies.all()
    owing = Assignment.objects.owing_reports().filter(task__plan_id=period.plan_id)
    return Agency.objects.filter(pk__in=owing.values("agency_id"))


@dataclass
class Completeness:
    owed: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    on_time: int = 0
    late: int = 0
    missing_agency_ids: list[int] = field(default_factory=list)

    @property
    def missing(self) -> int:
        """Owed but never sent (no report, or a draft never submitted)."""
        return len(self.missing_agency_ids)


def completeness(period: ReportingPeriod) -> Completeness:
    """How many agencies owe, have sent (on time or late), were approved, or are missing. Three queries."""
    owing_ids = list(agencies_owing_report(period).values_list("pk", flat=True))
    reports = AgencyReport.objects.filter(period=period, agency_id__in=owing_ids)
    by_state = dict(reports.order_by().values_list("state").annotate(n=Count("id")))
    sent = reports.filter(first_submitted_at__isnull=False).aggregate(
        late=Count("id", filter=Q(is_late=True)), on_time=Count("id", filter=Q(is_late=False))
    )
    sent_ids = set(reports.filter(first_submitted_at__isnull=False).values_list("agency_id", flat=True))
    result = Completeness(
        owed=len(owing_ids),
        draft=by_state.get(ReportState.DRAFT, 0),
        submitted=by_state.get(ReportState.SUBMITTED, 0),
        returned=by_state.get(ReportState.RETURNED, 0),
        approved=by_state.get(ReportState.APPROVED, 0),
        on_time=sent["on_time"],
        late=sent["late"],
        missing_agency_ids=[pk for pk in owing_ids if pk not in sent_ids],
    )
    result.not_started = result.owed - sum(by_state.values())
    return result
