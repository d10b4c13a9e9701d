"""The home page, which differs by role, and a health check for load balancers and benchmarks."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agencies import roles
from plan_portal.pagecache import cached_page
from reporting import dashboards, selectors
from reporting.access import consolidated_reports_visible_to, periods_reviewable_by
from reporting.models import PeriodState, ReportBuild, ReportingPeriod
from reporting.views.dashboard import dashboard_context

RECENT_BUILDS = 5
OWED_SHOWN = 15  # the rest is on the report list; a province-wide agency can owe hundreds at once


def home(request: HttpRequest) -> HttpResponse:
    """Agency staff see what their agency owes; reviewers their queue; leaders the dashboard."""
    role = roles.role_of(request.user)
    context = {"role": role}
    if role == roles.LEADER:
        return cached_page(request, lambda: render(request, "home.html", {**context, **dashboard_context(request)}))
    if role == roles.REVIEWER:
        context.update(_reviewer_context(request))
    elif role == roles.STAFF:
        context.update(_staff_context(request))
    elif request.user.is_staff:
        context["open_periods"] = ReportingPeriod.objects.filter(state=PeriodState.OPEN).count()
    return render(request, "home.html", context)


def _staff_context(request: HttpRequest) -> dict:
    today = timezone.localdate()
    agency_id = request.user.agency_id
    owed = selectors.owed_reports(agency_id, today, limit=OWED_SHOWN)
    return {
        "owed": owed,
        "owed_total": owed[0].period.owed_total if owed else 0,
        "workload": [
            {"code": code, "label": dashboards.STATUS_LABELS[code], "count": count}
            for code, count in dashboards.agency_workload(agency_id, today).items()
            if count
        ],
        "today": today,
    }


def _reviewer_context(request: HttpRequest) -> dict:
    builds = (
        ReportBuild.objects.filter(consolidated_report__in=consolidated_reports_visible_to(request.user))
        .select_related("consolidated_report__period__plan")
        .order_by("-created_at")[:RECENT_BUILDS]
    )
    return {
        "review_periods": dashboards.review_summary(periods_reviewable_by(request.user)),
        "builds": list(builds),
    }


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """No database, no session: the ceiling a Django view served the same way can reach."""
    return HttpResponse("ok", content_type="text/plain")
