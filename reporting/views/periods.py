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
from plan_portal.form_errors import error_links
from plan_portal.queueing import enqueue_on_commit
from reporting import access, jobs, notifications, period_services, periods, selectors
from reporting.forms import AdHocRequestForm, OpenPeriodForm
from reporting.models import PeriodState
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


def _open_confirmation(request: HttpRequest, period, hidden: dict, *, reason_error: str = "") -> HttpResponse:
    """Who will be told before anyone is: the agencies that owe the period, and a reason when it opens early."""
    today = timezone.localdate()
    context = {
        "period": period,
        "recipients": selectors.opening_recipients(period),
        "early": period_services.opens_early(period, today),
        "hidden": hidden,
        "reason": request.POST.get("reason", ""),
        "reason_error": reason_error,
    }
    return render(request, "reporting/period_open_confirm.html", context)


def _open_and_tell(request: HttpRequest, opener) -> period_services.ReportingError | None:
    """Open (after the confirmation page was confirmed); None when the reviewer must fix the reason."""
    try:
        period = opener(reason=request.POST.get("reason", ""), today=timezone.localdate())
    except period_services.ReportingError as error:
        return error
    messages.success(request, _("Đã mở kỳ %(label)s và thông báo cho các đơn vị.") % {"label": period.display_label})
    return None


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
        if data["action"] == OpenPeriodForm.SCHEDULE:
            period = period_services.period_propose(**arguments, user=request.user)
            messages.success(
                request,
                _("Đã lên lịch kỳ %(label)s; kỳ sẽ tự mở ngày %(day)s.")
                % {"label": period.display_label, "day": f"{period.starts_on:%d/%m/%Y}"},
            )
            return redirect("reporting:period_list")
        unsaved = period_services.period_unsaved(**arguments)
    except (period_services.ReportingError, ValueError) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("reporting:period_list")
    hidden = {**{key: request.POST[key] for key in ("plan", "kind", "year", "sequence")}, "action": "open"}
    if "confirmed" not in request.POST:
        return _open_confirmation(request, unsaved, hidden)
    error = _open_and_tell(request, lambda **more: period_services.period_open(**arguments, user=request.user, **more))
    if error is not None:
        return _open_confirmation(request, unsaved, hidden, reason_error=error.message)
    return redirect("reporting:period_list")


@require_POST
def period_open_planned(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(access.periods_reviewable_by(request.user), pk=pk, state=PeriodState.PLANNED)
    if "confirmed" not in request.POST:
        return _open_confirmation(request, period, {})
    error = _open_and_tell(
        request, lambda **more: period_services.period_open_existing(period_id=period.pk, user=request.user, **more)
    )
    if error is not None:
        return _open_confirmation(request, period, {}, reason_error=error.message)
    return redirect("reporting:period_detail", pk=period.pk)


def ad_hoc_create(request: HttpRequest) -> HttpResponse:
    plans = _consolidated_plans(request)
    form = AdHocRequestForm(request.POST or None, plans=plans, agencies=Agency.objects.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = period_services.ad_hoc_request_create(
                plan=data["plan"],
                request_text=data["request_text"],
                agencies=data["agencies"],
                deadline=data["deadline"],
                user=request.user,
                today=timezone.localdate(),
            )
        except period_services.ReportingError as error:
            form.add_error("deadline", error.message)
        else:
            messages.success(
                request, _("Đã gửi yêu cầu báo cáo đột xuất: %(label)s.") % {"label": period.display_label}
            )
            return redirect("reporting:period_detail", pk=period.pk)
    return render(request, "reporting/ad_hoc_form.html", {"form": form, "error_summary": error_links(form)})


def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The completeness matrix: every agency that owes a report, its state, on time or late; the
    period's figures (the one definition of reporting.rollups) and its life-cycle history."""
    period = get_object_or_404(access.periods_visible_to(request.user).select_related("plan"), pk=pk)
    today = timezone.localdate()
    matrix = selectors.period_matrix(period, today)
    manages = roles.can_review(request.user)  # periods_visible_to gives reviewers only their own plans' periods
    context = {
        "period": period,
        "rows": matrix.rows,
        "figures": matrix.figures,
        "events": period.events.select_related("actor").order_by("occurred_at", "pk"),
        "steps": period_services.steps_for(period) if manages else [],
        "days_left": periods.days_left(period.submission_due_on, today),
        "visible_states": set(access.report_states_visible_to(request.user)),
        "can_remind": manages and period.state == PeriodState.OPEN,
    }
    return render(request, "reporting/period_detail.html", context)


@require_POST
def period_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Close, lock, reopen or cancel a period (the reviewer of its plan only)."""
    period = get_object_or_404(access.periods_reviewable_by(request.user), pk=pk)
    step = period_services.STEPS.get(request.POST.get("step", ""))
    if step is None:
        raise Http404
    try:
        step.service(period_id=period.pk, user=request.user, reason=request.POST.get("reason", ""))
    except period_services.ReportingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, step.done_message % {"label": period.display_label})
    return redirect("reporting:period_detail", pk=period.pk)


@require_POST
def period_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind the agencies that have not sent, and say how many are told now and how many were already today."""
    period = get_object_or_404(access.periods_reviewable_by(request.user), pk=pk, state=PeriodState.OPEN)
    today = timezone.localdate()
    round_ = notifications.reminder_round(period, today=today, occasion=today.isoformat())
    if round_.to_remind:
        enqueue_on_commit(jobs.remind_agencies, period.pk, round_.to_remind, today.isoformat())
    for level, text in reminder_messages(round_):
        messages.add_message(request, level, text)
    return redirect("reporting:period_detail", pk=period.pk)


def reminder_messages(round_: notifications.ReminderRound) -> list[tuple[int, str]]:
    sent, already, unreachable = len(round_.to_remind), len(round_.already_reminded), len(round_.unreachable)
    said = []
    if sent:
        said.append((messages.SUCCESS, _("Đã gửi nhắc nhở đến %(count)s đơn vị chưa gửi báo cáo.") % {"count": sent}))
    if already:
        said.append(
            (
                messages.INFO if sent else messages.WARNING,
                _("%(count)s đơn vị đã được nhắc hôm nay nên không nhắc lại.") % {"count": already},
            )
        )
    if unreachable:
        said.append(
            (
                messages.WARNING,
                _("%(count)s đơn vị chưa có tài khoản chuyên viên nên không nhận được nhắc nhở.")
                % {"count": unreachable},
            )
        )
    if not round_.unsent:
        said.append((messages.INFO, _("Mọi đơn vị đã gửi báo cáo; không có ai để nhắc.")))
    return said
