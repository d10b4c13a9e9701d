"""Reviewer's pages (Sở Nội vụ): the review queue, approve, return with comments, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import roles
from agencies.models import Agency
from plan_portal.form_errors import error_links
from reporting import access, services
from reporting.filters import ReportFilter
from reporting.forms import ApproveForm, ReopenForm, ReturnForm
from reporting.models import AgencyReport, ReportState
from reporting.views.outcomes import carried_out
from reporting.views.reports import render_report_page
from tasks.models import Plan


def _require_reviewer(request: HttpRequest) -> None:
    if not (roles.can_review(request.user) and request.user.agency_id):
        raise Http404


# What a queue row shows: the report's texts (assessment, proposals, …) stay in the database.
QUEUE_COLUMNS = (
    "period",
    "agency",
    "period__plan",
    "state",
    "submitted_at",
    "is_late",
    "period__kind",
    "period__year",
    "period__sequence",
    "period__label",
    "period__plan__number",
    "period__plan__issued_on",
    "agency__name",
)


def review_queue(request: HttpRequest) -> HttpResponse:
    """Submissions to review, oldest first; filters widen it to returned, approved, late."""
    _require_reviewer(request)
    periods = access.periods_reviewable_by(request.user)
    reports = (
        access.reports_reviewable_by(request.user)
        .select_related("period__plan", "agency")
        .only(*QUEUE_COLUMNS)
        .order_by("submitted_at", "pk")
    )
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = ReportState.SUBMITTED
    queue = ReportFilter(
        data,
        queryset=reports,
        plans=Plan.objects.filter(consolidating_agency_id=request.user.agency_id),
        periods=periods,
        agencies=Agency.objects.filter(is_active=True),
        options_scope=f"review-queue-{request.user.agency_id}",
    )
    page = Paginator(queue.qs, 50).get_page(request.GET.get("page"))
    page.object_list = _with_row_texts(page.object_list)
    return render(request, "reporting/review_queue.html", {"filter": queue, "page": page})


def _with_row_texts(reports) -> list[AgencyReport]:
    """Each row's state, period and plan texts and its link worked out once per page: `get_state_display`
    translates every choice on each call, and the rows of a page share a few plans and periods."""
    states = {value: str(label) for value, label in ReportState.choices}
    sample = "987654321"
    detail = reverse("reporting:report_detail", args=[sample])
    periods: dict[int, str] = {}
    plans: dict[int, str] = {}
    rows = list(reports)
    for report in rows:
        period = report.period
        if period.pk not in periods:
            periods[period.pk] = period.display_label
        if period.plan_id not in plans:
            plans[period.plan_id] = period.plan.display_name
        report.state_label = states.get(report.state, report.state)
        report.period_label, report.plan_label = periods[period.pk], plans[period.plan_id]
        report.detail_url = detail.replace(sample, str(report.pk))
    return rows


def _reviewable(request: HttpRequest, pk: int) -> AgencyReport:
    report = access.get_report_for_user(request.user, pk)
    if not services.report_reviewable_by(report, request.user):
        raise Http404
    return report


def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a submission: the reason (required) and a comment per task, shown to the agency."""
    report = _reviewable(request, pk)
    items = list(report.items.select_related("assignment__task"))
    form = ReturnForm(request.POST or None, items=items, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        returned = carried_out(
            request,
            services.report_return,
            report_id=report.pk,
            user=request.user,
            reason=form.cleaned_data["reason"],
            item_comments=form.item_comments(),
            version=form.cleaned_data["version"],
        )
        if returned:  # otherwise the bound form below keeps the typed reason and comments
            messages.success(request, _("Đã trả lại báo cáo cho %(agency)s.") % {"agency": report.agency})
            return redirect("reporting:review_queue")
    context = {"report": report, "form": form, "error_summary": error_links(form)}
    return render(request, "reporting/report_return.html", context)


@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _reviewable(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ; vui lòng tải lại trang."))
        return redirect("reporting:report_detail", pk=report.pk)
    approved = carried_out(
        request,
        services.report_approve,
        report_id=report.pk,
        user=request.user,
        comment=form.cleaned_data["comment"],
        version=form.cleaned_data["version"],
    )
    if not approved:  # the page again, with the typed comment still in its box
        return render_report_page(request, report, approve_form=form)
    messages.success(request, _("Đã duyệt báo cáo của %(agency)s.") % {"agency": report.agency})
    return redirect("reporting:review_queue")


@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = _reviewable(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do mở lại báo cáo."))
        return redirect("reporting:report_detail", pk=report.pk)
    reason = form.cleaned_data["reason"]
    if not carried_out(request, services.report_reopen, report_id=report.pk, user=request.user, reason=reason):
        return render_report_page(request, report, reopen_form=form)  # the typed reason stays in its box
    messages.success(request, _("Đã mở lại báo cáo; đơn vị có thể chỉnh sửa và gửi lại."))
    return redirect("reporting:report_detail", pk=report.pk)
