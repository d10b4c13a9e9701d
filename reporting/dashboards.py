"""The leader dashboard, the agency scorecard and the role home pages: queries only, no HTTP.

Every figure is an SQL aggregate or comes from `reporting.rollups` (the consolidated report uses
the same functions), and each builder runs a fixed number of queries whatever the data size.
Dashboard figures are cached under the data version (plan_portal.versioning), which every save of
a report, report event, assignment, task, period, plan or agency changes, so an approval makes the
next request recompute: the dashboard is never stale after one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind, AgencySuccessionLink, Heirs, heirs_on, succession_links
from plan_portal import versioning
from reporting.models import AgencyReport, PeriodState, ReportingPeriod
from reporting.periods import display_period_label
from reporting.progress_as_of import overdue_as_known_on
from reporting.rollups import PeriodKey, ReportTally, report_tallies
from tasks.models import Assignment, AssignmentHandover, AssignmentRole, Plan, overdue_as_of
from tasks.timing import Status

TREND_PERIODS = 6
OVERDUE_LIST_SIZE = 20
PERIOD_OPTIONS = 12
CACHE_SECONDS = 300  # a ceiling for edits that record no report event (admin changes of a deadline)

# The two kinds of agency a leader compares (sở, ban, ngành vs huyện, thành phố).
AGENCY_KIND_CHOICES = [
    (AgencyKind.DEPARTMENT.value, AgencyKind.DEPARTMENT.label),
    (AgencyKind.DISTRICT.value, AgencyKind.DISTRICT.label),
]


@dataclass(frozen=True)
class DashboardFilters:
    plan_id: int | None = None
    period: str = ""  # "kind:year:sequence", empty for the current period
    agency_kind: str = ""
    agency_id: int | None = None

    @property
    def cache_part(self) -> str:
        return f"{self.plan_id}|{self.period}|{self.agency_kind}|{self.agency_id}"

    def assignments(self) -> QuerySet[Assignment]:
        """Assignments in scope: those that owe reports (coordinating ones carry no status of their own)."""
        qs = Assignment.objects.owing_reports().filter(task__plan__is_active=True)
        if self.plan_id:
            qs = qs.filter(task__plan_id=self.plan_id)
        return qs.filter(**self._agency_lookups("agency__"))

    def periods(self) -> QuerySet[ReportingPeriod]:
        """A period cancelled as opened by mistake never counted: no figure, option or ranking shows it."""
        qs = ReportingPeriod.objects.filter(plan__is_active=True).exclude(state=PeriodState.CANCELLED)
        return qs.filter(plan_id=self.plan_id) if self.plan_id else qs

    def agencies(self) -> QuerySet[Agency]:
        return Agency.objects.filter(**self._agency_lookups(""))

    @property
    def filters_agencies(self) -> bool:
        return bool(self.agency_kind or self.agency_id)

    def _agency_lookups(self, prefix: str) -> dict:
        lookups = {}
        if self.agency_kind:
            lookups[f"{prefix}kind"] = self.agency_kind
        if self.agency_id:
            lookups[f"{prefix}pk" if not prefix else f"{prefix}id"] = self.agency_id
        return lookups


@dataclass(frozen=True)
class PeriodOption:
    key: PeriodKey
    stored_label: str
    starts_on: dt.date
    ends_on: dt.date

    @property
    def value(self) -> str:
        return "{}:{}:{}".format(*self.key)

    @property
    def label(self) -> str:
        """Named when shown, in the reader's language: the dashboard is cached for all readers."""
        return display_period_label(self.stored_label, *self.key)


@dataclass(frozen=True)
class OverdueRow:
    assignment_id: int
    task_id: int
    task_code: str
    task_title: str
    plan_id: int
    plan_number: str
    agency_id: int
    agency_code: str
    agency_name: str
    role: str
    deadline: dt.date
    days_overdue: int


@dataclass
class AgencyRank:
    agency_id: int
    code: str
    name: str
    kind: str
    tally: ReportTally
    assignments: int = 0
    overdue: int = 0
    predecessors: list[tuple[str, str]] = field(default_factory=list)  # (code, "Sở A (01/03/2025)") counted here
    passed_to: str = ""  # a retired agency split between heirs: "UBND xã A, UBND xã B (01/07/2025)"

    @property
    def absorbed(self) -> str:
        """The row's note: "Sở A (01/03/2025), Sở B (01/03/2025)"."""
        return ", ".join(label for _code, label in self.predecessors)

    @property
    def share_overdue(self) -> float | None:
        return self.overdue / self.assignments if self.assignments else None


@dataclass(frozen=True)
class TrendRow:
    option: PeriodOption
    tally: ReportTally
    assignments: int
    overdue: int

    @property
    def share_overdue(self) -> float | None:
        return self.overdue / self.assignments if self.assignments else None


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


def data_version() -> str:
    """A token that changes whenever figures may change (see plan_portal.versioning)."""
    return versioning.data_version()


def cached(name: str, builder, version: str, *parts: str):
    """Memoise a builder under the data version (read once per request by the caller)."""
    key = ":".join(("dash", name, version, *parts))
    value = cache_get(key)
    if value is None:
        value = builder()
        with contextlib.suppress(Exception):  # the cache is down: computed each time meanwhile
            cache.set(key, value, CACHE_SECONDS)
    return value


def cache_get(key: str):
    """A cached value, or None also when the cache is down (the figures are then computed)."""
    try:
        return cache.get(key)
    except Exception:
        return None


def filter_choices(version: str) -> dict[str, list[tuple]]:
    """Plans and agencies offered by the filter form (cached: hundreds of options per page)."""

    def build() -> dict[str, list[tuple]]:
        plans = Plan.objects.filter(is_active=True).order_by("-issued_on", "-id")
        agencies = Agency.objects.filter(is_active=True).order_by("position", "name")
        return {
            "plans": [
                (plan.pk, plan.short_title or plan.display_name)
                for plan in plans.only("pk", "number", "issued_on", "short_title")
            ],
            "agencies": [(agency.pk, str(agency)) for agency in agencies.only("pk", "name", "short_name")],
        }

    return cached("choices", build, version)


def period_options(filters: DashboardFilters) -> list[PeriodOption]:
    """The latest reporting rounds of the plans in scope, newest first (one query)."""
    rows = (
        filters.periods()
        .order_by()
        .values("kind", "year", "sequence")
        .annotate(label=Max("label"), starts=Min("starts_on"), ends=Max("ends_on"))
        .order_by("-ends", "kind", "-sequence")[:PERIOD_OPTIONS]
    )
    return [
        PeriodOption((row["kind"], row["year"], row["sequence"]), row["label"], row["starts"], row["ends"])
        for row in rows
    ]


def period_options_for(plan_id: int | None, version: str) -> list[PeriodOption]:
    """The rounds the filter form offers for a plan (or all plans), cached like the other choices."""
    return cached("periods", lambda: period_options(DashboardFilters(plan_id=plan_id)), version, str(plan_id))


def current_option(options: list[PeriodOption], chosen: str, today: dt.date) -> PeriodOption | None:
    """The chosen round, else the latest one already started, else the earliest planned."""
    for option in options:
        if option.value == chosen:
            return option
    started = [option for option in options if option.starts_on <= today]
    return started[0] if started else (options[-1] if options else None)


def overdue_assignments(assignments: QuerySet[Assignment], today: dt.date) -> QuerySet[Assignment]:
    """Overdue in the sense of `assignment_status` (yearly duties against this year's deadline)."""
    return assignments.overdue(today).with_deadline(today)


def overdue_rows(assignments: QuerySet[Assignment], today: dt.date, limit: int | None) -> list[OverdueRow]:
    qs = (
        overdue_assignments(assignments, today)
        .order_by("deadline_in_force", "task__plan_id", "task__position", "agency__position")
        .values_list(
            "pk",
            "task_id",
            "task__code",
            "task__title",
            "task__plan_id",
            "task__plan__number",
            "agency_id",
            "agency__code",
            "agency__short_name",
            "agency__name",
            "role",
            "deadline_in_force",
        )
    )
    rows = qs[:limit] if limit else qs
    return [
        OverdueRow(
            pk,
            task_id,
            code,
            title,
            plan_id,
            number or "",
            agency_id,
            agency_code,
            short or name,
            role,
            deadline,
            (today - deadline).days,
        )
        for pk, task_id, code, title, plan_id, number, agency_id, agency_code, short, name, role, deadline in rows
    ]


@dataclass(frozen=True)
class OverdueTask:
    task_id: int
    task_code: str
    task_title: str
    plan_id: int
    plan_number: str
    deadline: dt.date
    days_overdue: int
    agencies_overdue: int
    lead: list[tuple[str, str]]  # (code, name) of the lead agencies still overdue


def overdue_tasks(assignments: QuerySet[Assignment], today: dt.date, limit: int) -> list[OverdueTask]:
    """Overdue tasks, longest overdue first, each with its lead agency (two queries)."""
    rows = list(
        overdue_assignments(assignments, today)
        .order_by()
        .values_list("task_id", "task__code", "task__title", "task__plan_id", "task__plan__number", "deadline_in_force")
        .annotate(n=Count("id"))
        .order_by("deadline_in_force", "task__plan_id", "task__code")[:limit]
    )
    leads: dict[int, list[tuple[str, str]]] = {}
    lead_rows = overdue_assignments(assignments, today).filter(
        task_id__in=[row[0] for row in rows], role=AssignmentRole.LEAD
    )
    for task_id, code, short, name in lead_rows.values_list(
        "task_id", "agency__code", "agency__short_name", "agency__name"
    ):
        leads.setdefault(task_id, []).append((code, short or name))
    return [
        OverdueTask(
            task_id, code, title, plan_id, number or "", deadline, (today - deadline).days, n, leads.get(task_id, [])
        )
        for task_id, code, title, plan_id, number, deadline, n in rows
    ]


def build_dashboard(filters: DashboardFilters, today: dt.date) -> Dashboard:
    """All the dashboard's figures; about ten queries whatever the data size."""
    assignments = filters.assignments()
    options = period_options(filters)
    current = current_option(options, filters.period, today)
    trend_options = _trend_options(options, current)
    agency_ids = list(filters.agencies().values_list("pk", flat=True)) if filters.filters_agencies else None
    keys = [option.key for option in trend_options]
    periods = _periods_with_keys(filters.periods(), keys)
    tallies = report_tallies(periods, agency_ids, today=today) if keys else {}
    return Dashboard(
        today=today,
        status=assignments.status_counts(today),
        period_options=options,
        current=current,
        completeness=_sum_tallies(tallies, current.key if current else None),
        overdue=overdue_tasks(assignments, today, OVERDUE_LIST_SIZE),
        ranking=_ranking(filters, assignments, tallies, today),
        trend=_trend(assignments, trend_options, tallies, today),
        current_period_id=_single_period_id(filters, current),
    )


def _single_period_id(filters: DashboardFilters, current: PeriodOption | None) -> int | None:
    if not (filters.plan_id and current):
        return None
    kind, year, sequence = current.key
    return filters.periods().filter(kind=kind, year=year, sequence=sequence).values_list("pk", flat=True).first()


def dashboard_for(filters: DashboardFilters, today: dt.date, version: str) -> Dashboard:
    return cached("board", lambda: build_dashboard(filters, today), version, today.isoformat(), filters.cache_part)


def _trend_options(options: list[PeriodOption], current: PeriodOption | None) -> list[PeriodOption]:
    if current is None:
        return []
    start = options.index(current)
    return list(reversed(options[start : start + TREND_PERIODS]))


def _periods_with_keys(periods: QuerySet[ReportingPeriod], keys: list[PeriodKey]) -> QuerySet[ReportingPeriod]:
    match = Q(pk__in=[])
    for kind, year, sequence in keys:
        match |= Q(kind=kind, year=year, sequence=sequence)
    return periods.filter(match)


def _sum_tallies(tallies: dict, key: PeriodKey | None) -> ReportTally:
    total = ReportTally()
    for (tally_key, _agency_id), tally in tallies.items():
        if tally_key == key:
            total.add(tally)
    return total


def _ranking(filters: DashboardFilters, assignments, tallies: dict, today: dt.date) -> list[AgencyRank]:
    """Agencies with something owed or assigned, best timeliness first."""
    per_agency: dict[int, ReportTally] = {}
    for (_key, agency_id), tally in tallies.items():
        per_agency.setdefault(agency_id, ReportTally()).add(tally)
    counts = (
        assignments.order_by()
        .values_list("agency_id")
        .annotate(total=Count("id"), overdue=Count("id", filter=_overdue_at(today)))
    )
    workload = {agency_id: (total, overdue) for agency_id, total, overdue in counts}
    heirs = heirs_on(today)
    absorbed = _fold_predecessors(per_agency, workload, heirs)
    ids = set(per_agency) | set(workload)
    passed_to = _passed_to(heirs, ids)
    agencies = filters.agencies().filter(pk__in=ids).only("pk", "code", "name", "short_name", "kind")
    ranks = [
        AgencyRank(
            agency.pk,
            agency.code,
            str(agency),
            agency.kind,
            per_agency.get(agency.pk, ReportTally()),
            *workload.get(agency.pk, (0, 0)),
            absorbed.get(agency.pk, []),
            passed_to.get(agency.pk, ""),
        )
        for agency in agencies
    ]

    def sort_key(rank: AgencyRank):
        on_time = rank.tally.share_on_time
        overdue = rank.share_overdue
        return (on_time is None, -(on_time or 0), overdue or 0, rank.name)

    return sorted(ranks, key=sort_key)


def _fold_predecessors(
    per_agency: dict, workload: dict, heirs_today: dict[int, Heirs]
) -> dict[int, list[tuple[str, str]]]:
    """Count a merged or renamed agency's figures in its successor's row, once.

    `heirs_today` are those of successions in force today: a merger dated next month leaves both rows
    until then. Returns successor id → (code, label) of the predecessors folded into it, for the
    row's note. An agency split between several heirs keeps its own row: no heir answers for it.
    """
    absorbed: dict[int, list[tuple[str, str]]] = {}
    for predecessor_id, heirs in heirs_today.items():
        if len(heirs.ids) != 1 or (predecessor_id not in per_agency and predecessor_id not in workload):
            continue
        heir_id = heirs.ids[0]
        absorbed.setdefault(heir_id, []).append((heirs.code, heirs.label))
        if predecessor_id in per_agency:
            per_agency.setdefault(heir_id, ReportTally()).add(per_agency.pop(predecessor_id))
        if predecessor_id in workload:
            total, overdue = workload.pop(predecessor_id)
            mine = workload.get(heir_id, (0, 0))
            workload[heir_id] = (mine[0] + total, mine[1] + overdue)
    return absorbed


def _passed_to(heirs: dict[int, Heirs], shown: set[int]) -> dict[int, str]:
    """The note of a shown agency whose duties went to several heirs; one query, none without such rows."""
    split = {agency_id: found for agency_id, found in heirs.items() if agency_id in shown and len(found.ids) > 1}
    if not split:
        return {}
    wanted = {heir_id for found in split.values() for heir_id in found.ids}
    names = {agency.pk: str(agency) for agency in Agency.objects.filter(pk__in=wanted).only("pk", "name", "short_name")}
    return {
        agency_id: f"{', '.join(names[heir_id] for heir_id in found.ids)} ({found.since:%d/%m/%Y})"
        for agency_id, found in split.items()
    }


def _overdue_at(day: dt.date) -> Q:
    """Overdue as of `day`: past its deadline and not completed by then (the status rule on that day)."""
    return overdue_as_of(day)


def _overdue_known(day: dt.date, today: dt.date) -> Q:
    """A past cut-off as known then (a later approval does not rewrite an earlier round's figure);
    a round still running as known today, its own approvals included."""
    return overdue_as_known_on(day) if day < today else _overdue_at(today)


def _trend(assignments, options: list[PeriodOption], tallies: dict, today: dt.date) -> list[TrendRow]:
    """Per round: report timeliness, and the share of assignments overdue at its cut-off (one query)."""
    if not options:
        return []
    days = [min(option.ends_on, today) for option in options]
    aggregates = {f"overdue_{index}": Count("id", filter=_overdue_known(day, today)) for index, day in enumerate(days)}
    figures = assignments.order_by().aggregate(total=Count("id"), **aggregates)
    return [
        TrendRow(option, _sum_tallies(tallies, option.key), figures["total"], figures[f"overdue_{index}"])
        for index, option in enumerate(options)
    ]


# --- Agency scorecard -----------------------------------------------------------------------


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


SCORECARD_REPORTS = 24
SCORECARD_OPEN_ITEMS = 30
SCORECARD_HANDOVERS = 30


def scorecard_for(agency: Agency, today: dt.date) -> Scorecard:
    """One agency across all plans: seven queries, three of them for its succession history."""
    assignments = Assignment.objects.filter(agency=agency, task__plan__is_active=True)
    status = assignments.status_counts(today)
    reports = list(
        AgencyReport.objects.filter(agency=agency)
        .select_related("period__plan")
        .order_by("-period__ends_on", "-period__plan__issued_on", "-pk")[:SCORECARD_REPORTS]
    )
    return Scorecard(
        agency=agency,
        status=status,
        reports=reports,
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


# --- Role home pages ------------------------------------------------------------------------


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
    return [PeriodProgress(period, _sum_tallies(tallies, period.pk)) for period in open_periods]


STATUS_LABELS = dict(Status.choices)
FILTER_LABELS = {
    "plan": _("Kế hoạch"),
    "period": _("Kỳ báo cáo"),
    "agency_kind": _("Loại cơ quan"),
    "agency": _("Cơ quan, đơn vị"),
}
