"""The leader dashboard, the agency scorecard and the role home pages: queries only, no HTTP.

Every figure is an SQL aggregate or comes from `reporting.rollups` (the consolidated report uses
the same functions), and each builder runs a fixed number of queries whatever the data size.

- `filters`: what the dashboard is narrowed to, and the reporting rounds offered;
- `overdue`: overdue assignments and tasks; `ranking`: agencies, successions folded;
- `trend`: rounds over time; `board`: the dashboard assembled from those;
- `cached_figures`: the figures memoised under the data version (pages are never cached);
- `scorecard` and `home`: one agency's page, and the role home pages.

The names other apps use are importable from here.
"""

from reporting.dashboards.board import Dashboard, build_dashboard
from reporting.dashboards.cached_figures import dashboard_for, data_version, filter_choices, period_options_for
from reporting.dashboards.filters import AGENCY_KIND_CHOICES, DashboardFilters, PeriodOption, period_options
from reporting.dashboards.home import agency_workload, review_summary
from reporting.dashboards.overdue import overdue_rows
from reporting.dashboards.scorecard import scorecard_for
from tasks.timing import Status

STATUS_LABELS = dict(Status.choices)

__all__ = [
    "AGENCY_KIND_CHOICES",
    "STATUS_LABELS",
    "Dashboard",
    "DashboardFilters",
    "PeriodOption",
    "agency_workload",
    "build_dashboard",
    "dashboard_for",
    "data_version",
    "filter_choices",
    "overdue_rows",
    "period_options",
    "period_options_for",
    "review_summary",
    "scorecard_for",
]
