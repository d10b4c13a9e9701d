"""Dashboard figures and filter choices memoised under the data version (plan_portal.versioning).

Every save of a report, report event, assignment, task, period, plan or agency changes the version,
so an approval makes the next request recompute: figures are never stale after one. Only figures
are cached, never a page: each request renders its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.cache import cache

from agencies.models import Agency
from plan_portal import versioning
from reporting.dashboards.board import Dashboard, build_dashboard
from reporting.dashboards.filters import DashboardFilters, PeriodOption, period_options
from tasks.models import Plan

CACHE_SECONDS = 300  # a ceiling for edits that record no report event (admin changes of a deadline)


def data_version() -> str:
    """A token that changes whenever figures may change (read once per request by the caller)."""
    return versioning.data_version()


def cached(name: str, builder, version: str, *parts: str):
    """`builder()`, memoised under the data version; computed each time while the cache is down."""
    key = ":".join(("dash", name, version, *parts))
    with contextlib.suppress(Exception):
        value = cache.get(key)
        if value is not None:
            return value
    value = builder()
    with contextlib.suppress(Exception):
        cache.set(key, value, CACHE_SECONDS)
    return value


def dashboard_for(filters: DashboardFilters, today: dt.date, version: str) -> Dashboard:
    return cached("board", lambda: build_dashboard(filters, today), version, today.isoformat(), filters.cache_part)


def period_options_for(plan_id: int | None, version: str) -> list[PeriodOption]:
    """The rounds the filter form offers for a plan (or all plans)."""
    return cached("periods", lambda: period_options(DashboardFilters(plan_id=plan_id)), version, str(plan_id))


def filter_choices(version: str) -> dict[str, list[tuple]]:
    """Plans and agencies offered by the filter form (hundreds of options per page)."""
    return cached("choices", _filter_choices, version)


def _filter_choices() -> dict[str, list[tuple]]:
    plans = Plan.objects.filter(is_active=True).order_by("-issued_on", "-id")
    agencies = Agency.objects.filter(is_active=True).order_by("position", "name")
    return {
        "plans": [
            (plan.pk, plan.short_title or plan.display_name)
            for plan in plans.only("pk", "number", "issued_on", "short_title")
        ],
        "agencies": [(agency.pk, str(agency)) for agency in agencies.only("pk", "name", "short_name")],
    }
