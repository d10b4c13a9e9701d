"""The figures that dashboards and consolidated reports both show: one source of the numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from agencies.models import Agency
from reporting.models import AgencyReport, PeriodKind, ReportingPeriod, ReportState
from tasks.models import Assignment
from tasks.succession import owing_agencies_as_of


def agencies_owing_report(period: ReportingPeriod) -> QuerySet[Agency]:
    """Agencies that owe a report for the period: those asked (ad hoc) or holding a lead/implementing assignment."""
    if period.kind == PeriodKind.AD_HOC and period.requested_agencies.exists():
        return period.requested_agencies.all()
    owing = Assignment.objects.owing_reports().filter(task__plan_id=period.plan_id)
    return Agency.objects.filter(owing_agencies_as_of(owing, period.ends_on))  # successions after it don't count


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


# --- Report tallies across many periods (dashboards, trends, agency rankings) ---------------

PeriodKey = tuple[str, int, int]  # (kind, year, sequence): the same round across every plan


@dataclass
class ReportTally:
    """Reports owed and sent for some periods × agencies; the many-period twin of Completeness."""

    owed: int = 0
    on_time: int = 0
    late: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0

    @property
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return max(self.owed - self.sent, 0)

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.owed if self.owed else None

    def add(self, other: ReportTally) -> ReportTally:
        for name in ("owed", "on_time", "late", "submitted", "returned", "approved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def period_key(period: ReportingPeriod) -> PeriodKey:
    return (period.kind, period.year, period.sequence)


def report_tallies(
    periods: QuerySet[ReportingPeriod], agency_ids: list[int] | None = None, *, per_period: bool = False
) -> dict[tuple[PeriodKey | int, int], ReportTally]:
    """Tallies per (period key, agency), or per (period id, agency) with `per_period`, with the
    owing rule of `agencies_owing_report`.

    Four queries whatever the number of periods, plans and agencies: owing is resolved per plan
    in Python from (plan, agency) pairs rather than by joining every period to every assignment.
    """
    rows = list(periods.order_by().values_list("id", "plan_id", "kind", "year", "sequence"))
    period_ids = [row[0] for row in rows]
    wanted = None if agency_ids is None else set(agency_ids)
    requested: dict[int, set[int]] = {}
    ad_hoc_ids = [row[0] for row in rows if row[2] == PeriodKind.AD_HOC]
    if ad_hoc_ids:
        through = ReportingPeriod.requested_agencies.through.objects.filter(reportingperiod_id__in=ad_hoc_ids)
        for period_id, agency_id in through.values_list("reportingperiod_id", "agency_id"):
            requested.setdefault(period_id, set()).add(agency_id)
    owing_by_plan: dict[int, set[int]] = {}
    owing = Assignment.objects.owing_reports().filter(task__plan_id__in={row[1] for row in rows})
    if wanted is not None:
        owing = owing.filter(agency_id__in=wanted)
    for plan_id, agency_id in owing.order_by().values_list("task__plan_id", "agency_id").distinct():
        owing_by_plan.setdefault(plan_id, set()).add(agency_id)

    tallies: dict[tuple[PeriodKey, int], ReportTally] = {}
    for period_id, plan_id, kind, year, sequence in rows:
        owed = requested.get(period_id) or owing_by_plan.get(plan_id, set())
        key = period_id if per_period else (kind, year, sequence)
        for agency_id in owed if wanted is None else owed & wanted:
            tallies.setdefault((key, agency_id), ReportTally()).owed += 1
    _add_report_counts(tallies, period_ids, wanted, per_period)
    return tallies


def _add_report_counts(tallies: dict, period_ids: list[int], wanted: set[int] | None, per_period: bool) -> None:
    """Reports count only where they are owed, as in `completeness`."""
    reports = AgencyReport.objects.filter(period_id__in=period_ids)
    if wanted is not None:
        reports = reports.filter(agency_id__in=wanted)
    sent = Q(first_submitted_at__isnull=False)
    group = ("period_id",) if per_period else ("period__kind", "period__year", "period__sequence")
    rows = (
        reports.order_by()
        .values_list(*group, "agency_id")
        .annotate(
            on_time=Count("id", filter=sent & Q(is_late=False)),
            late=Count("id", filter=sent & Q(is_late=True)),
            submitted=Count("id", filter=Q(state=ReportState.SUBMITTED)),
            returned=Count("id", filter=Q(state=ReportState.RETURNED)),
            approved=Count("id", filter=Q(state=ReportState.APPROVED)),
        )
    )
    for *period, agency_id, on_time, late, submitted, returned, approved in rows:
        key = period[0] if per_period else tuple(period)
        tally = tallies.get((key, agency_id))
        if tally is None:
            continue
        tally.add(ReportTally(0, on_time, late, submitted, returned, approved))
