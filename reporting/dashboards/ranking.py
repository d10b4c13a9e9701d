"""The agency ranking: timeliness and workload per agency, with merged agencies folded into their heirs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from agencies.models import Agency, Heirs, heirs_on
from reporting.dashboards.filters import DashboardFilters
from reporting.rollups import ReportTally
from tasks.models import Assignment, overdue_as_of


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

    def sort_key(self) -> tuple:
        """Best timeliness first, then fewest overdue, then by name; agencies owing nothing last."""
        on_time = self.tally.share_on_time
        return (on_time is None, -(on_time or 0), self.share_overdue or 0, self.name)


def agency_ranking(
    filters: DashboardFilters, assignments: QuerySet[Assignment], tallies: dict, today: dt.date
) -> list[AgencyRank]:
    """Agencies with something owed or assigned, best timeliness first."""
    per_agency: dict[int, ReportTally] = {}
    for (_key, agency_id), tally in tallies.items():
        per_agency.setdefault(agency_id, ReportTally()).add(tally)
    workload = _workload(assignments, today)
    heirs = heirs_on(today)
    absorbed = fold_predecessors(per_agency, workload, heirs)
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
    return sorted(ranks, key=AgencyRank.sort_key)


def _workload(assignments: QuerySet[Assignment], today: dt.date) -> dict[int, tuple[int, int]]:
    """Agency id → (assignments, overdue today)."""
    counts = (
        assignments.order_by()
        .values_list("agency_id")
        .annotate(total=Count("id"), overdue=Count("id", filter=overdue_as_of(today)))
    )
    return {agency_id: (total, overdue) for agency_id, total, overdue in counts}


def fold_predecessors(
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
