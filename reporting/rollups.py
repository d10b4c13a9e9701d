"""The figures that dashboards and consolidated reports both show: one source of the numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from agencies.models import Agency, HeirIndex, Heirs, heirs_on
from reporting.models import AgencyReport, PeriodKind, ReportingPeriod, ReportState
from tasks.models import Assignment, AssignmentHandover

# Who owes a period's report when agencies merged, were renamed or abolished (the rule, decided here):
# - The holders of the plan's lead/implementing assignments at the period's cut-off owe
#   (`HoldersByDay`): a period wholly before a succession keeps the old agency, old name.
# - An agency retired by a succession in force at the cut-off does not owe on its own row, also
#   when it kept completed assignments: its heirs do. Each heir's row names it ("gồm cả: …"),
#   as the dashboard does. A period spanning the date is owed once, by the heir: the predecessor's
#   part before the date is reported in the heir's report, and a report the predecessor itself sent
#   for the period (usually before it was retired; its staff may also send one before an administrator
#   moves them) counts for the heir's row when the heir sent none. Only with a single heir (a merger
#   or rename): of a split's several heirs, none can answer for another.
# - An agency made inactive before the period started without an heir owes nothing.
# - An ad hoc request names its agencies: exactly those owe.


class HoldersByDay:
    """Who held each plan's owing assignments on a given day, for many days (two queries in all).

    Assignments never handed over are held by their agency on every day; one handed over after the
    day counts for the agency it came from (and, if it joined a row its heir already held, for both).
    """

    def __init__(self, plan_ids: set[int], wanted: set[int] | None):
        owing = Assignment.objects.owing_reports().filter(task__plan_id__in=plan_ids)
        handovers = AssignmentHandover.objects.filter(assignment__in=owing).order_by("effective_on", "id")
        self._moves: dict[int, list[tuple]] = {}  # assignment id → its hand-overs, oldest first
        for *move, assignment_id in handovers.values_list(
            "effective_on", "joined_existing", "from_agency_id", "from_agency__active_until", "assignment_id"
        ):
            self._moves.setdefault(assignment_id, []).append(tuple(move))
        steady = owing if wanted is None else owing.filter(Q(agency_id__in=wanted) | Q(pk__in=self._moves))
        self._rows: dict[int, list[tuple]] = {}  # plan id → (assignment id, agency id, its active_until)
        for assignment_id, plan_id, *holder in steady.order_by().values_list(
            "pk", "task__plan_id", "agency_id", "agency__active_until"
        ):
            self._rows.setdefault(plan_id, []).append((assignment_id, *holder))
        self._by_day: dict[tuple[int, object], dict[int, object]] = {}
        self._moved_plans = {plan_id for plan_id, rows in self._rows.items() if any(r[0] in self._moves for r in rows)}

    def on(self, plan_id: int, day) -> dict[int, object]:
        """Agency id → its active_until, for the agencies that held the plan's assignments on `day`.

        A plan none of whose assignments was handed over has the same holders every day: built once.
        """
        key = (plan_id, day if plan_id in self._moved_plans else None)
        if key not in self._by_day:
            self._by_day[key] = self._holders(plan_id, day)
        return self._by_day[key]

    def handed_over_by(self, plan_id: int, day) -> set[int]:
        """Agencies that had handed the plan's assignments over by `day`: their heirs' rows note them."""
        return {
            from_agency_id
            for assignment_id, *_holder in self._rows.get(plan_id, ())
            for effective_on, _joined, from_agency_id, _until in self._moves.get(assignment_id, ())
            if effective_on <= day
        }

    def _holders(self, plan_id: int, day) -> dict[int, object]:
        held: dict[int, object] = {}
        for assignment_id, agency_id, active_until in self._rows.get(plan_id, ()):
            moves = self._moves.get(assignment_id)
            if not moves:  # never handed over: its agency held it on every day
                held[agency_id] = active_until
                continue
            later = [move for move in moves if move[0] > day]
            moved_in = [effective_on for effective_on, joined, *_ in later if not joined]
            if not moved_in:  # the row's agency held it then (alone, or beside those that joined it since)
                held[agency_id] = active_until
            first_move_in = min(moved_in, default=None)
            for effective_on, _joined, from_agency_id, from_active_until in later:
                if first_move_in is None or effective_on <= first_move_in:
                    held[from_agency_id] = from_active_until
        return held


@dataclass
class OwingRow:
    """One row of the completeness matrix: an agency that owes, and whose reports count for it."""

    agency_id: int
    reports_of: list[int]  # the agency itself first, then predecessors whose report counts here
    absorbed: list[str] = field(default_factory=list)  # "Sở A (01/03/2025)" for the row's note


def owing_rows(period: ReportingPeriod) -> list[OwingRow]:
    """The agencies that owe a report for the period, successors in place of retired agencies. Four queries."""
    if period.kind == PeriodKind.AD_HOC:
        requested = list(period.requested_agencies.values_list("pk", flat=True))
        if requested:
            return [OwingRow(pk, [pk]) for pk in requested]
    holders = HoldersByDay({period.plan_id}, None)
    plan_id, day = period.plan_id, period.ends_on
    return fold_retired(holders.on(plan_id, day), holders.handed_over_by(plan_id, day), heirs_on(day), period.starts_on)


def fold_retired(holders: dict, predecessors: set[int], heirs: dict[int, Heirs], starts_on) -> list[OwingRow]:
    """Rows for `holders` (agency id → active_until), each retired one replaced by its heirs.

    `predecessors` are agencies that handed this plan's assignments over by the cut-off: their
    heirs' rows carry the note even when the old agency holds nothing any more.
    """
    rows: dict[int, OwingRow] = {}
    for agency_id, active_until in holders.items():
        if agency_id in heirs or (active_until is not None and active_until < starts_on):
            continue
        rows[agency_id] = OwingRow(agency_id, [agency_id])
    for predecessor_id in sorted(set(holders) | predecessors):
        found = heirs.get(predecessor_id)
        if found is None:
            continue
        for heir_id in found.ids:
            row = rows.setdefault(heir_id, OwingRow(heir_id, [heir_id]))
            row.absorbed.append(found.label)
            if len(found.ids) == 1:
                row.reports_of.append(predecessor_id)
    return list(rows.values())


def agencies_owing_report(period: ReportingPeriod) -> QuerySet[Agency]:
    """Agencies that owe a report for the period (the rows of `owing_rows`)."""
    return Agency.objects.filter(pk__in=[row.agency_id for row in owing_rows(period)])


def counted_reports(period: ReportingPeriod, rows: list[OwingRow]) -> dict[int, AgencyReport]:
    """Row agency id → the report that counts for it: its own, else a sent predecessor's. One query."""
    wanted = {agency_id for row in rows for agency_id in row.reports_of}
    found = AgencyReport.objects.filter(period=period, agency_id__in=wanted).select_related("agency")
    reports = {r.agency_id: r for r in found}
    counted = {}
    for row in rows:
        own = reports.get(row.agency_id)
        inherited = [reports[pk] for pk in row.reports_of[1:] if pk in reports]
        sent = [report for report in inherited if report.first_submitted_at is not None]
        chosen = own if own is not None and (own.first_submitted_at or not sent) else (sent or inherited or [None])[0]
        if chosen is not None:
            counted[row.agency_id] = chosen
    return counted


# --- What each figure means (one definition, used by every page, file, reminder and API answer) ---
#
# Punctuality, over the agencies that owe (`owed` = on_time + late + missing + not_yet_due):
# - sent: the counted report was submitted at least once (`first_submitted_at`). A returned
#   report was sent: it keeps its on-time or late mark, from its first submission.
# - on_time / late: sent, by or after the submission deadline (`AgencyReport.is_late`).
# - missing ("Chưa gửi"): not sent (no report, or a draft never submitted) and the deadline has
#   passed. Before the deadline such an agency is `not_yet_due` ("Chưa đến hạn"): it is not
#   counted against anyone, so the share on time is on_time / (owed - not_yet_due).
# Pipeline, over the counted reports: draft, awaiting review (submitted), returned (awaiting
# the agency again), approved; `not_started` agencies have no report at all.
# Reminders go to the agencies not sent yet (missing + not_yet_due): a returned report was
# sent, and its agency was told so when it was returned.


ON_TIME, LATE, MISSING, NOT_YET_DUE = "on_time", "late", "missing", "not_yet_due"


def is_sent(report: AgencyReport | None) -> bool:
    return report is not None and report.first_submitted_at is not None


def punctuality(report: AgencyReport | None, *, passed: bool) -> str:
    """ON_TIME, LATE, MISSING or NOT_YET_DUE: where one owing agency stands; `passed`: the deadline has."""
    if is_sent(report):
        return LATE if report.is_late else ON_TIME
    return MISSING if passed else NOT_YET_DUE


def deadline_passed(period: ReportingPeriod, today: dt.date | None) -> bool:
    """None stands for "after the deadline" (a consolidated report describes a finished period)."""
    return today is None or today > period.submission_due_on


@dataclass
class Completeness:
    owed: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    on_time_agency_ids: list[int] = field(default_factory=list)
    late_agency_ids: list[int] = field(default_factory=list)
    missing_agency_ids: list[int] = field(default_factory=list)
    not_yet_due_agency_ids: list[int] = field(default_factory=list)

    @property
    def on_time(self) -> int:
        return len(self.on_time_agency_ids)

    @property
    def late(self) -> int:
        return len(self.late_agency_ids)

    @property
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        """Owed, never sent, and the deadline has passed ("Chưa gửi")."""
        return len(self.missing_agency_ids)

    @property
    def not_yet_due(self) -> int:
        """Owed, not sent yet, and the deadline has not come ("Chưa đến hạn")."""
        return len(self.not_yet_due_agency_ids)

    @property
    def unsent_agency_ids(self) -> list[int]:
        """Who a reminder goes to: every owing agency that has not sent, before or after the deadline."""
        return self.missing_agency_ids + self.not_yet_due_agency_ids

    @property
    def awaiting_review(self) -> int:
        return self.submitted

    @property
    def share_on_time(self) -> float | None:
        due = self.owed - self.not_yet_due
        return self.on_time / due if due else None


def completeness(period: ReportingPeriod, today: dt.date | None = None) -> Completeness:
    """How many agencies owe, have sent (on time or late), were approved, or are missing. Five queries."""
    rows = owing_rows(period)
    return completeness_of(rows, counted_reports(period, rows), passed=deadline_passed(period, today))


def completeness_of(rows: list[OwingRow], counted: dict[int, AgencyReport], *, passed: bool = True) -> Completeness:
    """The figures of one period from its owing rows and counted reports; `passed`: its deadline has."""
    by_state = Counter(report.state for report in counted.values())
    figures = Completeness(
        owed=len(rows),
        not_started=len(rows) - len(counted),
        draft=by_state[ReportState.DRAFT],
        submitted=by_state[ReportState.SUBMITTED],
        returned=by_state[ReportState.RETURNED],
        approved=by_state[ReportState.APPROVED],
    )
    lists = {
        ON_TIME: figures.on_time_agency_ids,
        LATE: figures.late_agency_ids,
        MISSING: figures.missing_agency_ids,
        NOT_YET_DUE: figures.not_yet_due_agency_ids,
    }
    for row in rows:
        lists[punctuality(counted.get(row.agency_id), passed=passed)].append(row.agency_id)
    return figures


# --- Report tallies across many periods (dashboards, trends, agency rankings) ---------------

PeriodKey = tuple[str, int, int]  # (kind, year, sequence): the same round across every plan


@dataclass
class ReportTally:
    """Reports owed and sent for some periods × agencies; the many-period twin of Completeness,
    with the same meaning for each figure."""

    owed: int = 0
    on_time: int = 0
    late: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    owed_before_deadline: int = 0  # owed in periods whose deadline has not passed
    sent_before_deadline: int = 0  # of those, sent already

    @property
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def not_yet_due(self) -> int:
        return max(self.owed_before_deadline - self.sent_before_deadline, 0)

    @property
    def missing(self) -> int:
        return max(self.owed - self.sent - self.not_yet_due, 0)

    @property
    def awaiting_review(self) -> int:
        return self.submitted

    @property
    def share_on_time(self) -> float | None:
        due = self.owed - self.not_yet_due
        return self.on_time / due if due else None

    @property
    def percent_on_time(self) -> int | None:
        share = self.share_on_time
        return None if share is None else round(100 * share)

    def add(self, other: ReportTally) -> ReportTally:
        for name in TALLY_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


TALLY_COUNTS = (
    "owed",
    "on_time",
    "late",
    "submitted",
    "returned",
    "approved",
    "owed_before_deadline",
    "sent_before_deadline",
)


def period_key(period: ReportingPeriod) -> PeriodKey:
    return (period.kind, period.year, period.sequence)


def report_tallies(
    periods: QuerySet[ReportingPeriod],
    agency_ids: list[int] | None = None,
    *,
    per_period: bool = False,
    today: dt.date | None = None,
) -> dict[tuple[PeriodKey | int, int], ReportTally]:
    """Tallies per (period key, agency), or per (period id, agency) with `per_period`, with the
    owing rule of `agencies_owing_report`; on `today` a period whose deadline has not passed counts
    its agencies not sent yet as not yet due (None: every deadline has passed).

    At most six queries whatever the number of periods, plans and agencies: owing is resolved per plan
    in Python from (plan, agency) pairs rather than by joining every period to every assignment.
    """
    rows = list(
        periods.order_by().values_list(
            "id", "plan_id", "kind", "year", "sequence", "starts_on", "ends_on", "submission_due_on"
        )
    )
    period_ids = [row[0] for row in rows]
    wanted = None if agency_ids is None else set(agency_ids)
    requested: dict[int, set[int]] = {}
    ad_hoc_ids = [row[0] for row in rows if row[2] == PeriodKind.AD_HOC]
    if ad_hoc_ids:
        through = ReportingPeriod.requested_agencies.through.objects.filter(reportingperiod_id__in=ad_hoc_ids)
        for period_id, agency_id in through.values_list("reportingperiod_id", "agency_id"):
            requested.setdefault(period_id, set()).add(agency_id)
    holders = HoldersByDay({row[1] for row in rows}, wanted)
    index = HeirIndex()

    tallies: dict[tuple[PeriodKey, int], ReportTally] = {}
    inherited: dict[tuple[PeriodKey | int, int], int] = {}  # (key, predecessor) → the heir its report counts for
    for period_id, plan_id, kind, year, sequence, starts_on, ends_on, due_on in rows:
        key = period_id if per_period else (kind, year, sequence)
        before_deadline = today is not None and today <= due_on
        if period_id in requested:
            owed = requested[period_id]
        else:  # the rule of `owing_rows`, from the holders at the cut-off
            folded = fold_retired(holders.on(plan_id, ends_on), set(), index.on(ends_on), starts_on)
            owed = {row.agency_id for row in folded}
            for row in folded:
                inherited.update({(key, predecessor): row.agency_id for predecessor in row.reports_of[1:]})
        for agency_id in owed if wanted is None else owed & wanted:
            tally = tallies.setdefault((key, agency_id), ReportTally())
            tally.owed += 1
            tally.owed_before_deadline += before_deadline
    _add_report_counts(tallies, period_ids, wanted, per_period, inherited, today)
    return tallies


def _add_report_counts(
    tallies: dict, period_ids: list[int], wanted: set[int] | None, per_period: bool, inherited: dict, today
) -> None:
    """Reports count only where they are owed, as in `completeness`; a retired agency's report counts
    for its heir's row while that row has nothing sent (the heir's own reports are counted first)."""
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
            sent_early=Count("id", filter=sent & Q(period__submission_due_on__gte=today or dt.date.min)),
        )
    )
    orphans = []
    for *period, agency_id, on_time, late, submitted, returned, approved, sent_early in rows:
        key = period[0] if per_period else tuple(period)
        counts = ReportTally(0, on_time, late, submitted, returned, approved, 0, sent_early if today else 0)
        tally = tallies.get((key, agency_id))
        if tally is not None:
            tally.add(counts)
        elif (key, agency_id) in inherited:
            orphans.append((tallies.get((key, inherited[(key, agency_id)])), counts))
    for tally, counts in orphans:
        if tally is not None and tally.sent < tally.owed:
            tally.add(counts)
