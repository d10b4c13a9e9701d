"""Consolidated reports: create per period, edit, build (as a job), watch the build, download.

Thin: access through reporting.access, writes through reporting.consolidation.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import roles
from reporting.access import (
    consolidated_reports_visible_to,
    get_consolidated_report_for_user,
    periods_reviewable_by,
)
from reporting.consolidation import services
from reporting.consolidation.forms import ConsolidatedReportForm
from reporting.models import BuildState, ConsolidatedReport, ReportBuild

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def builds_visible_to(user) -> QuerySet[ReportBuild]:
    """Builds of the reports the user may see; readers who cannot edit see finished versions only."""
    builds = ReportBuild.objects.filter(consolidated_report__in=consolidated_reports_visible_to(user))
    if not roles.can_review(user):
        builds = builds.filter(state=BuildState.READY)
    return builds


def _get_build_for_user(user, build_id: int) -> ReportBuild:
    return get_object_or_404(builds_visible_to(user).select_related("consolidated_report"), pk=build_id)


@require_GET
def consolidated_list(request: HttpRequest) -> HttpResponse:
    reports = (
        consolidated_reports_visible_to(request.user)
        .select_related("period__plan")
        .annotate(latest_version=Max("builds__version"))
        .order_by("-period__ends_on", "period__plan_id")
    )
    pending = (
        periods_reviewable_by(request.user)
        .filter(consolidated_report__isnull=True)
        .select_related("plan")
        .order_by("-ends_on")[:50]
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "reporting/consolidated/list.html", {"page": page, "pending": pending})


@require_http_methods(["GET", "POST"])
def consolidated_for_period(request: HttpRequest, period_id: int) -> HttpResponse:
    """The period's consolidated report: opens it, or lets the consolidating agency create it."""
    existing = consolidated_reports_visible_to(request.user).filter(period_id=period_id).first()
    if existing is not None:
        return redirect("reporting:consolidated_detail", pk=existing.pk)
    period = get_object_or_404(periods_reviewable_by(request.user).select_related("plan"), pk=period_id)
    if request.method == "POST":
        try:
            report = services.consolidated_report_create(period=period, user=request.user)
        except services.ConsolidationError as error:
            messages.error(request, str(error))
            return redirect("reporting:consolidated_for_period", period_id=period.pk)
        messages.success(request, _("Đã lập báo cáo tổng hợp; hãy hoàn thiện nội dung rồi bấm Tạo báo cáo."))
        return redirect("reporting:consolidated_detail", pk=report.pk)
    return render(request, "reporting/consolidated/period.html", {"period": period})


@require_http_methods(["GET", "POST"])
def consolidated_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_consolidated_report_for_user(request.user, pk)
    editable = services.can_edit(request.user, report.period)
    form = ConsolidatedReportForm(instance=report) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        form = _save_content(request, report)
        if form is None:
            messages.success(request, _("Đã lưu nội dung báo cáo tổng hợp."))
            return redirect("reporting:consolidated_detail", pk=report.pk)
    return _detail_page(request, report, form, editable)


def _save_content(request: HttpRequest, report: ConsolidatedReport) -> ConsolidatedReportForm | None:
    """Save the posted sections; None when saved, else the bound form to show again with its errors."""
    form = ConsolidatedReportForm(request.POST, instance=ConsolidatedReport.objects.get(pk=report.pk))
    if not form.is_valid():
        messages.error(request, _("Vui lòng sửa các lỗi bên dưới; nội dung đã nhập vẫn được giữ."))
        return form
    try:
        services.consolidated_report_update(
            report=report, user=request.user, data=form.content(), loaded_at=form.cleaned_data["loaded_at"]
        )
    except services.ConsolidationConflict as conflict:
        messages.error(request, str(conflict))
        return form
    return None


def _detail_page(request: HttpRequest, report: ConsolidatedReport, form, editable: bool) -> HttpResponse:
    builds = builds_visible_to(request.user).filter(consolidated_report=report).select_related("requested_by")
    context = {"report": report, "period": report.period, "form": form, "editable": editable, "builds": builds}
    return render(request, "reporting/consolidated/detail.html", context)


@require_POST
def consolidated_build(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version; posted with the page's form (its "Tạo báo cáo" button), the typed content is saved first
    and nothing is built until it saves."""
    report = get_consolidated_report_for_user(request.user, pk)
    if not services.can_edit(request.user, report.period):
        raise Http404
    with_content = any(name in request.POST for name in services.EDITABLE_FIELDS)
    if with_content and (form := _save_content(request, report)) is not None:
        return _detail_page(request, report, form, editable=True)
    build = services.build_request(report=report, user=request.user)
    done = (
        _("Đã lưu nội dung và đưa phiên bản %(version)s vào hàng đợi tạo báo cáo.")
        if with_content
        else _("Đã đưa phiên bản %(version)s vào hàng đợi tạo báo cáo.")
    )
    messages.success(request, done % {"version": build.version})
    return redirect("reporting:consolidated_detail", pk=report.pk)


def build_payload(build: ReportBuild) -> dict:
    downloads = {}
    if build.state == BuildState.READY:
        downloads = {
            kind: reverse("reporting:consolidated_download", args=[build.pk, kind])
            for kind in FORMATS
            if getattr(build, kind)
        }
    return {
        "id": build.pk,
        "version": build.version,
        "state": build.state,
        "state_label": str(build.get_state_display()),
        "percent": build.percent,
        "error": build.error,
        "downloads": downloads,
    }


@require_GET
def consolidated_build_status(request: HttpRequest, build_id: int) -> JsonResponse:
    build = _get_build_for_user(request.user, build_id)
    response = JsonResponse(build_payload(build))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def consolidated_download(request: HttpRequest, build_id: int, kind: str) -> FileResponse:
    if kind not in FORMATS:
        raise Http404
    build = _get_build_for_user(request.user, build_id)
    stored = getattr(build, kind)
    if build.state != BuildState.READY or not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = stored.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=FORMATS[kind])
