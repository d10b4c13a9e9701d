"""The home page, which differs by role; health checks for load balancers and benchmarks; the CSRF failure page."""

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agencies import roles
from reporting import dashboards, selectors
from reporting.access import consolidated_reports_visible_to, periods_reviewable_by
from reporting.models import PeriodState, ReportBuild, ReportingPeriod
from reporting.views.dashboard import dashboard_context

logger = logging.getLogger(__name__)

RECENT_BUILDS = 5
OWED_SHOWN = 15  # the rest is on the report list; a province-wide agency can owe hundreds at once


def home(request: HttpRequest) -> HttpResponse:
    """Agency staff see what their agency owes; reviewers their queue; leaders the dashboard."""
    role = roles.role_of(request.user)
    context = {"role": role}
    if role == roles.LEADER:
        return render(request, "home.html", {**context, **dashboard_context(request)})
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
        "review_periods": dashboards.review_summary(periods_reviewable_by(request.user), timezone.localdate()),
        "builds": list(builds),
    }


@login_not_required
@require_GET
def healthz_live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No database, no session: the ceiling a Django view can reach (bench)."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Readiness: whether PostgreSQL and Redis answer. 503 without the database (no page can work);
    200 without Redis (pages work, jobs wait for the sweep), saying so."""
    checks = {"database": _database_answers(), "redis": _redis_answers()}
    body = "\n".join(f"{name}: {state}" for name, state in checks.items())
    status = 503 if checks["database"] != "ok" else 200
    return HttpResponse(body + "\n", content_type="text/plain", status=status)


def _database_answers() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return "unreachable"
    return "ok"


def _redis_answers() -> str:
    if not settings.REDIS_URL:
        return "not used"
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError as error:
        logger.warning("Health check: Redis does not answer: %s", error)
        return "unreachable"
    return "ok"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted from a page whose session changed: say what to do; the typed text is kept by the browser."""
    return render(request, "403_csrf.html", status=403)
