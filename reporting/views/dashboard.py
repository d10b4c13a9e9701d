"""Leader dashboard, agency scorecard and their XLSX export: thin views over reporting.dashboards."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from agencies import roles
from agencies.models import Agency, predecessor_ids
from plan_portal.exports import XLSX_CONTENT_TYPE, neutralise
from plan_portal.forms import NfcFormMixin
from plan_portal.params import plain_id
from plan_portal.widgets import FastSelect
from reporting import charts, dashboards
from reporting.dashboards import STATUS_LABELS, Dashboard, DashboardFilters
from tasks.timing import Status


class DashboardFilterForm(NfcFormMixin, forms.Form):
    """Choices come from cached lists, so the form costs no query per page; the period choices are
    those of the chosen plan, loaded before the form is validated."""

    plan = forms.TypedChoiceField(label=_("Kế hoạch"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), required=False, widget=FastSelect)
    agency_kind = forms.ChoiceField(label=_("Loại cơ quan"), required=False)
    agency = forms.TypedChoiceField(
        label=_("Cơ quan, đơn vị"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )

    def __init__(self, *args, choices: dict, periods: list[dashboards.PeriodOption], **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["plan"].choices = [("", _("Tất cả kế hoạch đang theo dõi")), *choices["plans"]]
        self.fields["agency_kind"].choices = everything + dashboards.AGENCY_KIND_CHOICES
        self.fields["agency"].choices = everything + choices["agencies"]
        self.fields["period"].choices = [("", _("Kỳ hiện tại"))] + [(o.value, o.label) for o in periods]

    def filters(self) -> DashboardFilters:
        """Every valid choice applies, together: a wrong one is shown as an error and left out alone."""
        if not self.is_valid() and not self.is_bound:
            return DashboardFilters()
        data = self.cleaned_data
        return DashboardFilters(
            data.get("plan"), data.get("period") or "", data.get("agency_kind") or "", data.get("agency")
        )


def _today() -> dt.date:
    return timezone.localdate()


def _plan_id(request: HttpRequest) -> int | None:
    return plain_id(request.GET.get("plan", ""))


def _parse_filters(request: HttpRequest, version: str) -> tuple[DashboardFilterForm, DashboardFilters]:
    periods = dashboards.period_options_for(_plan_id(request), version)
    form = DashboardFilterForm(request.GET or None, choices=dashboards.filter_choices(version), periods=periods)
    return form, form.filters()


def _query(**params) -> str:
    clean = {key: value for key, value in params.items() if value not in (None, "")}
    return "?" + urlencode(clean) if clean else ""


def task_list_url(filters: DashboardFilters, **params) -> str:
    """The task list (one row per assignment) filtered to what a dashboard number counts."""
    base = {"plan": filters.plan_id, "agency": filters.agency_id, "agency_kind": filters.agency_kind}
    return reverse("tasks:task_list") + _query(**{**base, **params})


def report_list_url(board: Dashboard, filters: DashboardFilters, **params) -> str | None:
    """The agency-report list behind a completeness number (the matrix for owed and missing ones).

    Its period filter takes one period, so the figures of all plans link to the list by state only.
    """
    period_id = board.current_period_id
    if params.pop("matrix", False):
        return reverse("reporting:period_detail", args=[period_id]) if period_id else None
    query = _query(plan=filters.plan_id, period=period_id, agency=filters.agency_id, **params)
    return reverse("reporting:my_reports") + query


def _status_rows(board: Dashboard, filters: DashboardFilters) -> list[dict]:
    return [
        {"code": code, "label": STATUS_LABELS[code], "count": count, "url": task_list_url(filters, status=code)}
        for code, count in board.status.items()
    ]


def _completeness_rows(board: Dashboard, filters: DashboardFilters) -> list[dict]:
    tally = board.completeness
    rows = [
        ("owed", _("Phải báo cáo"), tally.owed, {"matrix": True}),
        ("on_time", _("Đã gửi đúng hạn"), tally.on_time, {"is_late": "false"}),
        ("late", _("Đã gửi trễ hạn"), tally.late, {"is_late": "true"}),
        ("submitted", _("Chờ thẩm định"), tally.submitted, {"state": "submitted"}),
        ("returned", _("Bị trả lại"), tally.returned, {"state": "returned"}),
        ("approved", _("Đã duyệt"), tally.approved, {"state": "approved"}),
        ("missing", _("Chưa gửi"), tally.missing, {"matrix": True}),
        ("not_yet_due", _("Chưa đến hạn"), tally.not_yet_due, {"matrix": True}),
    ]
    return [
        {"key": key, "label": label, "count": count, "url": report_list_url(board, filters, **params)}
        for key, label, count, params in rows
    ]


COMPLETENESS_COLOURS = {
    "owed": "#4b5563",
    "on_time": "#1f7a3a",
    "late": "#a65b00",
    "submitted": "#0b5cad",
    "returned": "#6b4fa0",
    "approved": "#1f7a3a",
    "missing": "#b3261e",
    "not_yet_due": "#6b7280",
}


def _charts(board: Dashboard, completeness: list[dict]) -> dict:
    trend_bars = [
        charts.Bar(
            str(row.option.label),
            round(100 * row.tally.share_on_time) if row.tally.share_on_time is not None else 0,
        )
        for row in board.trend
    ]
    return {
        "status": charts.status_chart(board.status, STATUS_LABELS, title=_("Tình trạng thực hiện nhiệm vụ")),
        "completeness": charts.horizontal_bar_chart(
            [charts.Bar(str(row["label"]), row["count"], COMPLETENESS_COLOURS[row["key"]]) for row in completeness],
            title=_("Tình hình gửi báo cáo kỳ này"),
        ),
        "trend": charts.horizontal_bar_chart(trend_bars, title=_("Tỷ lệ báo cáo đúng hạn qua các kỳ (%)")),
    }


def _require_view_all(request: HttpRequest) -> None:
    if not roles.can_view_all(request.user):
        raise PermissionDenied


def dashboard_context(request: HttpRequest) -> dict:
    """Everything the dashboard page shows; the leader's home page renders the same.

    Built on every request: the figures come from the cache under the data version
    (`dashboards.dashboard_for`), the page itself is never cached.
    """
    version = dashboards.data_version()
    form, filters = _parse_filters(request, version)
    board = dashboards.dashboard_for(filters, _today(), version)
    return {"board": board, "filters": filters, **_board_context(request, form, filters, board)}


def _board_context(
    request: HttpRequest, form: DashboardFilterForm, filters: DashboardFilters, board: Dashboard
) -> dict:
    completeness = _completeness_rows(board, filters)
    return {
        "form": form,
        "filters": filters,
        "board": board,
        "status_rows": _status_rows(board, filters),
        "completeness_rows": completeness,
        "charts": _charts(board, completeness),
        "overdue_total": board.status[Status.IN_PROGRESS_OVERDUE],
        "overdue_url": task_list_url(filters, status=Status.IN_PROGRESS_OVERDUE),
        "agency_tasks_url": _agency_tasks_url(filters),
        "export_query": request.GET.urlencode(),
    }


def _agency_tasks_url(filters: DashboardFilters) -> str:
    """The task list of a ranked agency, less the agency's id: built once for the ranking's rows."""
    plan = f"plan={filters.plan_id}&" if filters.plan_id else ""
    return f"{reverse('tasks:task_list')}?{plan}agency="


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_view_all(request)
    return render(request, "reporting/dashboard/dashboard.html", dashboard_context(request))


@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's tables as one workbook, a sheet each, filtered as on screen."""
    _require_view_all(request)
    version = dashboards.data_version()
    _form, filters = _parse_filters(request, version)
    today = _today()
    board = dashboards.dashboard_for(filters, today, version)
    workbook = Workbook(write_only=True)
    for title, header, rows in _export_sheets(board, filters, today):
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(cell) for cell in header])
        for row in rows:
            sheet.append([neutralise(str(cell)) if isinstance(cell, str) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bang-dieu-hanh-{today:%Y%m%d}.xlsx"'
    return response


def _percent(share: float | None) -> float | None:
    return round(100 * share, 1) if share is not None else None


def _export_sheets(board: Dashboard, filters: DashboardFilters, today: dt.date):
    yield (
        _("Tình trạng"),
        [_("Tình trạng"), _("Số phân công")],
        [[str(STATUS_LABELS[code]), count] for code, count in board.status.items()],
    )
    yield (
        _("Tình hình báo cáo"),
        [_("Chỉ tiêu"), _("Số báo cáo")],
        [[str(row["label"]), row["count"]] for row in _completeness_rows(board, filters)],
    )
    overdue = dashboards.overdue_rows(filters.assignments(), today, limit=5000)
    yield (
        _("Nhiệm vụ quá hạn"),
        [_("Kế hoạch"), _("Số hiệu"), _("Nhiệm vụ"), _("Cơ quan chủ trì/thực hiện"), _("Hạn"), _("Số ngày quá hạn")],
        [[r.plan_reference, r.task_code, r.task_title, r.agency_name, r.deadline, r.days_overdue] for r in overdue],
    )
    yield (
        _("Xếp hạng cơ quan"),
        [
            _("Cơ quan"),
            _("Phải báo cáo"),
            _("Đúng hạn"),
            _("Trễ hạn"),
            _("Chưa gửi"),
            _("Chưa đến hạn"),
            _("% đúng hạn"),
            _("Phân công"),
            _("Quá hạn"),
            _("% quá hạn"),
        ],
        [
            [
                r.name,
                r.tally.owed,
                r.tally.on_time,
                r.tally.late,
                r.tally.missing,
                r.tally.not_yet_due,
                _percent(r.tally.share_on_time),
                r.assignments,
                r.overdue,
                _percent(r.share_overdue),
            ]
            for r in board.ranking
        ],
    )
    yield (
        _("Xu hướng"),
        [
            _("Kỳ"),
            _("Phải báo cáo"),
            _("Đúng hạn"),
            _("Trễ hạn"),
            _("Chưa gửi"),
            _("Chưa đến hạn"),
            _("% đúng hạn"),
            _("% quá hạn"),
        ],
        [
            [
                str(r.option.label),
                r.tally.owed,
                r.tally.on_time,
                r.tally.late,
                r.tally.missing,
                r.tally.not_yet_due,
                _percent(r.tally.share_on_time),
                _percent(r.share_overdue),
            ]
            for r in board.trend
        ],
    )


def _may_see_scorecard(user, agency: Agency) -> bool:
    if roles.can_view_all(user) or user.agency_id == agency.pk:
        return True
    return bool(user.agency_id) and agency.pk in predecessor_ids(user.agency_id)


@require_GET
def scorecard(request: HttpRequest, code: str) -> HttpResponse:
    """One agency across all plans: leaders and reviewers see any; an agency sees its own, and the
    history of the agencies it took over (their duties are now its own)."""
    agency = get_object_or_404(Agency, code=code)
    if not _may_see_scorecard(request.user, agency):
        raise Http404("Outside the user's scope.")
    card = dashboards.scorecard_for(agency, _today())
    filters = DashboardFilters(agency_id=agency.pk)
    context = {
        "card": card,
        "status_rows": [
            {"code": code_, "label": STATUS_LABELS[code_], "count": n, "url": task_list_url(filters, status=code_)}
            for code_, n in card.status.items()
        ],
        "status_chart": charts.status_chart(card.status, STATUS_LABELS, title=_("Tình trạng thực hiện nhiệm vụ")),
        "overdue_url": task_list_url(filters, status=Status.IN_PROGRESS_OVERDUE),
        "held_url": reverse("tasks:task_list") + _query(held_by=agency.pk) if card.successors else None,
    }
    return render(request, "reporting/dashboard/scorecard.html", context)
