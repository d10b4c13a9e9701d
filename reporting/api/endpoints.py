"""The v1 endpoints: each reads one scoped queryset and answers a bounded page."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from pydantic import Field

from agencies.models import Agency
from reporting.api import schemas
from reporting.api.auth import ClientToken, RateLimited
from reporting.api.models import ApiClient
from reporting.models import AgencyReport, ReportingPeriod, ReportItem, ReportState
from reporting.progress_as_of import status_counts_at_cut_off
from reporting.rollups import completeness
from tasks.models import Assignment, Plan

api = NinjaAPI(
    title="Plan Portal API",
    version="1",
    description="Read-only data of plans, tasks, assignments, periods and approved report figures.",
    auth=ClientToken(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    # One body for every miss, in DEBUG too: the message must not tell a foreign plan from an unknown one.
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    response = api.create_response(request, {"detail": "Too many requests"}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


class Paging(Schema):
    limit: int = Field(50, ge=1, le=settings.API_MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0)


def page(queryset, paging: Paging) -> dict:
    """COUNT plus one slice: two queries whatever the size; callers give a total order."""
    return {
        "count": queryset.count(),
        "limit": paging.limit,
        "offset": paging.offset,
        "items": list(queryset[paging.offset : paging.offset + paging.limit]),
    }


def visible_plans(client: ApiClient):
    plans = Plan.objects.all()
    if not client.all_plans:
        chosen = ApiClient.plans.through.objects.filter(apiclient_id=client.pk).values("plan_id")
        plans = plans.filter(pk__in=chosen)
    return plans


def get_plan(client: ApiClient, plan_id: int) -> Plan:
    """A plan outside the client's scope answers the same 404 as one that does not exist."""
    return get_object_or_404(visible_plans(client), pk=plan_id)


def scoped_assignments(client: ApiClient, plan: Plan):
    assignments = Assignment.objects.filter(task__plan=plan)
    if client.own_agency_only:
        assignments = assignments.filter(agency_id=client.agency_id)
    return assignments


@api.get("/plans", response=schemas.PlanPage, tags=["plans"])
def plan_list(request: HttpRequest, paging: Query[Paging]):
    return page(visible_plans(request.auth).order_by("-issued_on", "-id"), paging)


@api.get("/plans/{plan_id}", response=schemas.PlanOut, tags=["plans"])
def plan_detail(request: HttpRequest, plan_id: int):
    return get_plan(request.auth, plan_id)


@api.get("/plans/{plan_id}/tasks", response=schemas.TaskPage, tags=["tasks"])
def task_list(request: HttpRequest, plan_id: int, paging: Query[Paging]):
    plan = get_plan(request.auth, plan_id)
    return page(plan.tasks.order_by("position", "id"), paging)


@api.get("/plans/{plan_id}/assignments", response=schemas.AssignmentPage, tags=["assignments"])
def assignment_list(request: HttpRequest, plan_id: int, paging: Query[Paging]):
    plan = get_plan(request.auth, plan_id)
    assignments = (
        scoped_assignments(request.auth, plan)
        .with_status(timezone.localdate())
        .select_related("task", "agency")
        .order_by("task__position", "role", "agency__position", "id")
    )
    result = page(assignments, paging)
    result["items"] = [assignment_out(a) for a in result["items"]]
    return result


def assignment_out(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "task_id": assignment.task_id,
        "task_code": assignment.task.code,
        "agency": assignment.agency,
        "role": assignment.role,
        "progress": assignment.progress,
        "percent_complete": assignment.percent_complete,
        "completed_on": assignment.completed_on,
        "status": assignment.status_code,
    }


@api.get("/plans/{plan_id}/periods", response=schemas.PeriodPage, tags=["periods"])
def period_list(request: HttpRequest, plan_id: int, paging: Query[Paging]):
    plan = get_plan(request.auth, plan_id)
    return page(plan.periods.order_by("starts_on", "id"), paging)


def get_period(client: ApiClient, plan_id: int, period_id: int) -> ReportingPeriod:
    plan = get_plan(client, plan_id)
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), plan=plan, pk=period_id)


@api.get("/plans/{plan_id}/periods/{period_id}/figures", response=schemas.FiguresOut, tags=["figures"])
def period_figures(request: HttpRequest, plan_id: int, period_id: int):
    """The dashboards' figures for one period: the same rollup, nothing from drafts or returned reports;
    assignment statuses as known at the period's cut-off (reporting.progress_as_of)."""
    period = get_period(request.auth, plan_id, period_id)
    tally = completeness(period)
    sent = dict(
        AgencyReport.objects.filter(period=period, first_submitted_at__isnull=False).values_list("agency_id", "is_late")
    )
    agencies = Agency.objects.filter(pk__in=[*sent, *tally.missing_agency_ids]).order_by("position", "name")
    by_id = {a.pk: a for a in agencies}
    # Where the assignments stood at the period's cut-off, as the consolidated report counts them.
    status_counts = status_counts_at_cut_off(scoped_assignments(request.auth, period.plan), period.ends_on)
    return {
        "period_id": period.pk,
        "owed": tally.owed,
        "approved": tally.approved,
        "on_time": tally.on_time,
        "late": tally.late,
        "missing": tally.missing,
        "assignment_status_counts": status_counts,
        "reported_on_time": [a for pk, a in by_id.items() if pk in sent and not sent[pk]],
        "reported_late": [a for pk, a in by_id.items() if sent.get(pk)],
        "not_reported": [by_id[pk] for pk in tally.missing_agency_ids if pk in by_id],
    }


@api.get("/plans/{plan_id}/periods/{period_id}/approved-items", response=schemas.ApprovedItemPage, tags=["figures"])
def approved_items(request: HttpRequest, plan_id: int, period_id: int, paging: Query[Paging]):
    """Per-agency items of approved reports only: drafts, submitted and returned ones never leave the portal."""
    client = request.auth
    period = get_period(client, plan_id, period_id)
    items = ReportItem.objects.filter(report__period=period, report__state=ReportState.APPROVED)
    if client.own_agency_only:
        items = items.filter(report__agency_id=client.agency_id)
    items = items.select_related("report__agency", "assignment__task").order_by(
        "assignment__task__position", "report__agency__position", "id"
    )
    result = page(items, paging)
    result["items"] = [approved_item_out(item) for item in result["items"]]
    return result


def approved_item_out(item: ReportItem) -> dict:
    return {
        "agency": item.report.agency,
        "task_id": item.assignment.task_id,
        "task_code": item.assignment.task.code,
        "progress": item.progress,
        "percent_complete": item.percent_complete,
        "completed_on": item.completed_on,
        "results": item.results,
        "difficulties": item.difficulties,
    }
