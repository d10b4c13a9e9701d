"""Reads of the reporting workflow that more than one page needs (writes live in services.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When, Window

from agencies.models import Agency
from reporting import periods, rollups
from reporting.models import AgencyReport, PeriodKind, PeriodState, ReportEvent, ReportingPeriod, ReportState
from reporting.snapshots import Change, SnapshotFile, signed_scan_filename, snapshot_diff, snapshot_file_list
from tasks.models import Assignment, AssignmentRole


def owed_periods(agency_id: int) -> QuerySet[ReportingPeriod]:
    """Open periods in which the agency owes a report: ad hoc ones only if asked (or if nobody was named)."""
    # The plans it owes reports in, as one subquery PostgreSQL hashes once (an Exists per period ran twice).
    owing_plans = Assignment.objects.owing_reports().filter(agency_id=agency_id).values("task__plan_id")
    owes = Q(plan_id__in=owing_plans)
    asked = ReportingPeriod.requested_agencies.through.objects.filter(reportingperiod_id=OuterRef("pk"))
    asked_me = Q(Exists(asked.filter(agency_id=agency_id)))
    ad_hoc = Q(kind=PeriodKind.AD_HOC)
    return (
        ReportingPeriod.objects.filter(state=PeriodState.OPEN)
        .filter((~ad_hoc & owes) | (ad_hoc & asked_me) | (ad_hoc & ~Q(Exists(asked)) & owes))
        .select_related("plan")
    )


@dataclass
class OwedReport:
    period: ReportingPeriod
    report: AgencyReport | None
    days_left: int

    @property
    def state(self) -> str:
        return self.report.state if self.report else ""

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def sort_key(self) -> tuple:
        returned_first = 0 if self.state == ReportState.RETURNED else 1
        done = 1 if self.state in (ReportState.SUBMITTED, ReportState.APPROVED) else 0
        return (returned_first, done, self.period.submission_due_on, self.period.pk)


def owed_reports(agency_id: int, today: dt.date, limit: int | None = None) -> list[OwedReport]:
    """What the agency owes in open periods: returned first, then by due date. Two queries.

    Ordered in SQL so a page showing the first few loads only those (an agency can owe hundreds).
    """
    report = AgencyReport.objects.filter(period_id=OuterRef("pk"), agency_id=agency_id).values("state")[:1]
    ordered = (
        owed_periods(agency_id)
        .annotate(report_state=Subquery(report))
        .annotate(
            returned_first=Case(When(report_state=ReportState.RETURNED, then=Value(0)), default=Value(1)),
            done=Case(
                When(report_state__in=[ReportState.SUBMITTED, ReportState.APPROVED], then=Value(1)), default=Value(0)
            ),
        )
        .order_by("returned_first", "done", "submission_due_on", "pk")
        # How many are owed in all, on each row: a page showing the first few needs no COUNT of its own.
        .annotate(owed_total=Window(Count("pk")))
    )
    open_periods = list(ordered[:limit] if limit is not None else ordered)
    reports = {
        r.period_id: r
        for r in AgencyReport.objects.filter(agency_id=agency_id, period__in=[p.pk for p in open_periods])
    }
    return [OwedReport(p, reports.get(p.pk), periods.days_left(p.submission_due_on, today)) for p in open_periods]


@dataclass
class MatrixRow:
    agency_id: int
    agency_name: str
    report: AgencyReport | None
    absorbed: str = ""  # "Sở A (01/03/2025)": retired agencies this row answers for
    punctuality: str = rollups.MISSING  # rollups.ON_TIME, LATE, MISSING or NOT_YET_DUE

    @property
    def report_is_inherited(self) -> bool:
        """The report counted here is a predecessor's, sent before it was retired."""
        return self.report is not None and self.report.agency_id != self.agency_id

    @property
    def state(self) -> str:
        return self.report.state if self.report else "not_started"

    @property
    def is_missing(self) -> bool:
        return self.punctuality == rollups.MISSING

    @property
    def is_unsent(self) -> bool:
        """Not sent yet, before or after the deadline: whom a reminder goes to."""
        return self.punctuality in (rollups.MISSING, rollups.NOT_YET_DUE)


@dataclass
class PeriodMatrix:
    rows: list[MatrixRow]
    figures: rollups.Completeness


def period_matrix(period: ReportingPeriod, today: dt.date | None = None) -> PeriodMatrix:
    """Every agency that owes a report for the period, with the report that counts for it, and the
    period's figures by the one definition of `reporting.rollups`. Six queries."""
    owing = {row.agency_id: row for row in rollups.owing_rows(period)}
    counted = rollups.counted_reports(period, list(owing.values()))
    passed = rollups.deadline_passed(period, today)
    agencies = Agency.objects.filter(pk__in=owing).order_by("position", "name").values_list("pk", "name")
    rows = [
        MatrixRow(
            pk,
            name,
            counted.get(pk),
            ", ".join(owing[pk].absorbed),
            rollups.punctuality(counted.get(pk), passed=passed),
        )
        for pk, name in agencies
    ]
    return PeriodMatrix(rows, rollups.completeness_of(list(owing.values()), counted, passed=passed))


def completeness_matrix(period: ReportingPeriod, today: dt.date | None = None) -> list[MatrixRow]:
    return period_matrix(period, today).rows


def submission_diff(events: list[ReportEvent]) -> list[Change]:
    """What changed between the last two submissions (empty for a first submission)."""
    submissions = [e for e in events if e.to_state == ReportState.SUBMITTED]
    if len(submissions) < 2:
        return []
    return snapshot_diff(submissions[-2].snapshot, submissions[-1].snapshot)


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a report's history with the files its snapshot names (still downloadable)."""

    event: ReportEvent
    files: list[SnapshotFile]
    comments: list[tuple[str, str]] = field(default_factory=list)


def _task_comments(event: ReportEvent) -> list[tuple[str, str]]:
    """A return's comments per task (code, comment), as its snapshot kept them."""
    if event.to_state != ReportState.RETURNED:
        return []
    items = event.snapshot.get("items", {}).values()
    return [(item["code"], item["reviewer_comment"]) for item in items if item.get("reviewer_comment")]


def report_timeline(report: AgencyReport, events: list[ReportEvent]) -> list[TimelineEntry]:
    """Query-free: the files come from the events' own snapshots (needs report.agency loaded)."""
    scan_name = signed_scan_filename(report)
    return [
        TimelineEntry(event, snapshot_file_list(event.snapshot, signed_scan_name=scan_name), _task_comments(event))
        for event in events
    ]


@dataclass
class ReturnNotice:
    """What the agency must answer, shown at the top of the report page and form."""

    returned: ReportEvent
    comments: list  # the items that carry an open reviewer comment
    reply: ReportEvent | None  # the agency's answer (giải trình) sent with its resubmission


def return_notice(report: AgencyReport, events: list[ReportEvent], items: list) -> ReturnNotice | None:
    """The latest return and its open comments, until the report is approved (which settles them)."""
    if report.state == ReportState.APPROVED:
        return None
    returns = [event for event in events if event.to_state == ReportState.RETURNED]
    if not returns:
        return None
    last = returns[-1]
    replies = [e for e in events if e.to_state == ReportState.SUBMITTED and e.comment and e.pk > last.pk]
    return ReturnNotice(last, [item for item in items if item.reviewer_comment], replies[-1] if replies else None)


def coordinating_periods(agency_id: int) -> QuerySet[ReportingPeriod]:
    """Open periods of plans in which the agency coordinates some task."""
    coordinates = Assignment.objects.filter(
        task__plan_id=OuterRef("plan_id"), agency_id=agency_id, role=AssignmentRole.COORDINATING
    )
    return ReportingPeriod.objects.filter(state=PeriodState.OPEN).filter(Exists(coordinates)).select_related("plan")


def coordinating_assignments(period: ReportingPeriod, agency_id: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(task__plan_id=period.plan_id, agency_id=agency_id, role=AssignmentRole.COORDINATING)
        .select_related("task")
        .order_by("task__position")
    )


@dataclass
class Proposal:
    plan: object
    window: periods.PeriodWindow


def period_proposals(plans: list, today: dt.date, per_plan: int = 2) -> list[Proposal]:
    """The next periods each plan's schedule asks for, one query for all plans."""
    existing: dict[int, set] = {plan.pk: set() for plan in plans}
    rows = ReportingPeriod.objects.filter(plan__in=plans).values_list("plan_id", "kind", "year", "sequence")
    for plan_id, kind, year, sequence in rows:
        existing[plan_id].add((kind, year, sequence))
    proposals = []
    for plan in plans:
        schedule = periods.Schedule.for_plan(plan)
        for window in periods.next_periods(schedule, today, existing[plan.pk], per_plan):
            proposals.append(Proposal(plan, window))
    return proposals


@dataclass(frozen=True)
class OpeningRecipients:
    """Who the opening of a period tells: the agencies that owe it, and those nobody there can be told."""

    agencies: list[tuple[str, bool]]  # (name, has an active staff account), in registry order
    users: int

    @property
    def without_account(self) -> list[str]:
        return [name for name, reachable in self.agencies if not reachable]


def opening_recipients(period: ReportingPeriod) -> OpeningRecipients:
    """For the confirmation before opening; the period may be unsaved (three queries)."""
    from reporting.notifications import staff_of_agencies  # notifications reads this module

    owing = [row.agency_id for row in rollups.owing_rows(period)]
    staff = dict(staff_of_agencies(owing).values_list("pk", "agency_id"))
    reachable = set(staff.values())
    agencies = Agency.objects.filter(pk__in=owing).order_by("position", "name").values_list("pk", "name")
    return OpeningRecipients([(name, pk in reachable) for pk, name in agencies], len(staff))
