"""What the leader narrows the dashboard to, and the reporting rounds it offers to choose from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min, Q, QuerySet

from agencies.models import Agency, AgencyKind
from reporting.models import PeriodState, ReportingPeriod
from reporting.periods import display_period_label
from reporting.rollups import PeriodKey
from tasks.models import Assignment

PERIOD_OPTIONS = 12

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
            lookups[f"{prefix}id" if prefix else "pk"] = self.agency_id
        return lookups


@dataclass(frozen=True)
class PeriodOption:
    """One reporting round across plans (all plans' "6 tháng 2026" together)."""

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


def current_option(options: list[PeriodOption], chosen: str, today: dt.date) -> PeriodOption | None:
    """The chosen round, else the latest one already started, else the earliest planned."""
    for option in options:
        if option.value == chosen:
            return option
    started = [option for option in options if option.starts_on <= today]
    return started[0] if started else (options[-1] if options else None)


def periods_of_rounds(periods: QuerySet[ReportingPeriod], keys: list[PeriodKey]) -> QuerySet[ReportingPeriod]:
    """The periods of the given rounds, among `periods`."""
    match = Q(pk__in=[])
    for kind, year, sequence in keys:
        match |= Q(kind=kind, year=year, sequence=sequence)
    return periods.filter(match)
