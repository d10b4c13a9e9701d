"""Reviewer's pages for reporting periods: list and open them, ad hoc requests, the completeness matrix."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import roles
from agencies.models import Agency
from plan_portal.queueing import enqueue_on_commit
from reporting import access, jobs, periods, selectors, services
from reporting.forms import AdHocRequestForm, OpenPeriodForm
from reporting.models import PeriodState, ReportState
from tasks.models import Plan


def _consolidated_plans(request: HttpRequest):
    if not (roles.can_review(request.user) and request.user.agency_id):
        raise Http404
    return Plan.objects.filter(consolidating_agency_id=request.user.agency_id, is_active=True)


def period_list(request: HttpRequest) -> HttpResponse:
    """Periods of the plans this agency consolidates, and the next ones each plan's schedule proposes."""
    plans = list(_consolidated_plans(request))
    today = timezone.localdate()
    proposals = selectors.period_proposals(plans, today)
    listed = access.periods_reviewable_by(request.user).select_related("plan").order_by("-ends_on", "plan_id", "pk")
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    context = {"proposals": proposals, "page": page, "today": today}
    return render(request, "reporting/period_list.html", context)


@require_POST
def period_open(request: HttpRequest) -> HttpResponse:
    form = OpenPeriodForm(request.POST, plans=_consolidated_plans(request))
    if not form.is_valid():
        reasons = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Không mở được kỳ báo cáo: %(reasons)s") % {"reasons": reasons})
        return redirect("reporting:period_list")
    data = form.cleaned_data
    arguments = {"plan": data["plan"], "kind": data["kind"], "year": data["year"], "sequence": data["sequence"]}
    try:
        if data["action"] == OpenPeriodForm.OPEN_NOW:
            period = services.period_open(**arguments, user=request.user)
            messages.success(
                request, _("Đã mở kỳ %(label)s và thông báo cho các đơn vị.") % {"label": period.display_label}
            )
        else:
            period = services.period_propose(**arguments, user=request.user)
            messages.success(
                request,
                _("Đã lên lịch kỳ %(label)s; kỳ sẽ tự mở ngày %(day)s.")
                % {"label": period.display_label, "day": f"{period.starts_on:%d/%m/%Y}"},
            )
    except (services.ReportingError, ValueError) as error:
        messages.error(request, getattr(error, "message", str(error)))
    return redirect("reporting:period_list")


@require_POST
def period_open_planned(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(access.periods_reviewable_by(request.user), pk=pk, state=PeriodState.PLANNED)
    services.period_open_existing(period_id=period.pk)
    messages.success(request, _("Đã mở kỳ %(label)s và thông báo cho các đơn vị.") % {"label": period.display_label})
    return redirect("reporting:period_list")


def ad_hoc_create(request: HttpRequest) -> HttpResponse:
    plans = _consolidated_plans(request)
    form = AdHocRequestForm(request.POST or None, plans=plans, agencies=Agency.objects.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.ad_hoc_request_create(
                plan=data["plan"],
                request_text=data["request_text"],
                agencies=data["agencies"],
                deadline=data["deadline"],
                user=request.user,
                today=timezone.localdate(),
            )
        except services.ReportingError as error:
            form.add_error("deadline", error.message)
        else:
            messages.success(
                request, _("Đã gửi yêu cầu báo cáo đột xuất: %(label)s.") % {"label": period.display_label}
            )
            return redirect("reporting:period_detail", pk=period.pk)
    return render(request, "reporting/ad_hoc_form.html", {"form": form})


def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The completeness matrix: every agency that owes a report, its state, on time or late."""
    period = get_object_or_404(access.periods_visible_to(request.user).select_related("plan"), pk=pk)
    rows = selectors.completeness_matrix(period)
    today = timezone.localdate()
    counts = dict.fromkeys(("not_started", *ReportState.values), 0)
    for row in rows:
        counts[row.state] += 1
    context = {
        "period": period,
        "rows": rows,
        "counts": counts,
        "missing": sum(1 for row in rows if row.is_missing),
        "late": sum(1 for row in rows if row.report and row.report.is_late),
        "days_left": periods.days_left(period.submission_due_on, today),
        "visible_states": set(access.report_states_visible_to(request.user)),
        "can_remind": roles.can_review(request.user),
    }
    return render(request, "reporting/period_detail.html", context)


@require_POST
def period_remind(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(access.periods_reviewable_by(request.user), pk=pk)
    missing = [row.agency_id for row in selectors.completeness_matrix(period) if row.is_missing]
    day = timezone.localdate().isoformat()
    enqueue_on_commit(jobs.remind_agencies, period.pk, missing, day)
    messages.success(request, _("Đã gửi nhắc nhở đến %(count)s đơn vị chưa gửi báo cáo.") % {"count": len(missing)})
    return redirect("reporting:period_detail", pk=period.pk)
