"""Agency staff's pages: the reports they owe, the report form, the report page with its timeline."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import roles
from plan_portal.form_errors import ErrorLink, error_links
from plan_portal.params import plain_id
from reporting import access, kept_uploads, readiness, selectors, services
from reporting.filters import ReportFilter
from reporting.forms import (
    ApproveForm,
    EvidenceFormSet,
    ReopenForm,
    ReportForm,
    ReportItemForm,
    SubmitForm,
    evidence_inputs,
)
from reporting.kept_uploads import KeepableFileInput
from reporting.models import AgencyReport, CoordinationInput, PeriodState, ReportItem, ReportState
from reporting.views.outcomes import carried_out
from tasks.models import AssignmentRole

logger = logging.getLogger(__name__)


def report_list(request: HttpRequest) -> HttpResponse:
    """Staff: what their agency owes in open periods (returned first), then every report in their scope."""
    today = timezone.localdate()
    owed = selectors.owed_reports(request.user.agency_id, today) if roles.can_submit(request.user) else []
    coordinating = selectors.coordinating_periods(request.user.agency_id) if roles.can_submit(request.user) else []
    visible = access.reports_visible_to(request.user)
    reports = ReportFilter(
        request.GET,
        queryset=visible.select_related("period__plan", "agency").order_by("-period__ends_on", "agency__position"),
        agencies=_agencies_of(request.user),
    )
    page = Paginator(reports.qs, 50).get_page(request.GET.get("page"))
    context = {"owed": owed, "coordinating": coordinating, "filter": reports, "page": page, "today": today}
    return render(request, "reporting/report_list.html", context)


def _agencies_of(user):
    from agencies.models import Agency

    if roles.can_review(user) or roles.can_view_all(user):
        return Agency.objects.filter(is_active=True)
    return Agency.objects.filter(pk=user.agency_id)


@require_POST
def report_start(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Open (creating if needed) the agency's report for a period it owes."""
    if not roles.can_submit(request.user):
        raise Http404
    period = get_object_or_404(selectors.owed_periods(request.user.agency_id), pk=period_pk)
    try:
        report = services.report_get_or_create_for_agency(period=period, agency=request.user.agency, user=request.user)
    except services.ReportingError as error:
        messages.error(request, error.message)
        return redirect("reporting:my_reports")
    return redirect("reporting:report_edit", pk=report.pk)


def _items(report: AgencyReport) -> list[ReportItem]:
    return list(report.items.select_related("assignment__task").prefetch_related("evidence"))


def _coordination_by_task(report: AgencyReport, items: list[ReportItem]) -> dict[int, list[CoordinationInput]]:
    """Coordinating agencies' input on the tasks this report covers, for the lead and the reviewer."""
    task_ids = [item.assignment.task_id for item in items if item.assignment.role == AssignmentRole.LEAD]
    inputs = CoordinationInput.objects.filter(period_id=report.period_id, assignment__task_id__in=task_ids)
    grouped = defaultdict(list)
    for entry in inputs.select_related("assignment__agency"):
        grouped[entry.assignment.task_id].append(entry)
    return grouped


@dataclass
class ItemBlock:
    """One fieldset of the report form: an item, its form, its evidence formset, coordination input."""

    item: ReportItem
    form: ReportItemForm
    evidence: EvidenceFormSet
    coordination: list


class ReportEditor:
    """The report form: report-wide fields plus one block per item, bound together."""

    def __init__(
        self, report: AgencyReport, items: list[ReportItem], coordination: dict, data=None, files=None, scope=""
    ):
        self.report = report
        self.data = data
        self.scope = scope
        # The autosave posts no files (None): it must not bring kept ones back either. A page opened
        # (no data) stays unbound, files or not.
        posted = data is not None and files is not None
        self.files = kept_uploads.restore(data, files, scope=scope) if posted else None
        files = self.files
        self.form = ReportForm(data, files, instance=report, initial={"version": report.version})
        self.blocks = [
            ItemBlock(
                item=item,
                form=ReportItemForm(data, instance=item, prefix=f"item-{item.pk}"),
                evidence=EvidenceFormSet(
                    data,
                    files,
                    prefix=f"ev-{item.pk}",
                    initial=[
                        {"id": d.pk, "number": d.number, "issued_on": d.issued_on, "title": d.title}
                        for d in item.evidence.all()
                    ],
                ),
                coordination=coordination.get(item.assignment.task_id, []),
            )
            for item in items
        ]

    def is_valid(self) -> bool:
        results = [self.form.is_valid()]
        for block in self.blocks:
            results += [block.form.is_valid(), block.evidence.is_valid()]
        return all(results)

    def _forms(self):
        yield self.form, "", "report-general"
        for block in self.blocks:
            where = block.item.assignment.task.code
            yield block.form, where, f"item-{block.item.pk}"
            for form in block.evidence.forms:
                yield form, f"{where} · {_('Văn bản minh chứng')}", f"item-{block.item.pk}"

    def error_summary(self) -> list[ErrorLink]:
        return [link for form, where, anchor in self._forms() for link in error_links(form, where=where, anchor=anchor)]

    def keep_files(self) -> None:
        """After errors: store each chosen file that passed its own checks, so it need not be chosen again."""
        for form, _where, _anchor in self._forms():
            for name, field in form.fields.items():
                upload = self.files.get(form.add_prefix(name)) if self.files else None
                if isinstance(field.widget, KeepableFileInput) and upload and name not in form.errors:
                    field.widget.kept = kept_uploads.keep(upload, scope=self.scope)

    def content(self, *, with_files: bool = True) -> dict:
        content = {
            "fields": self.form.content(),
            "items": {block.item.pk: block.form.content() for block in self.blocks},
            "evidence": {block.item.pk: evidence_inputs(block.evidence) for block in self.blocks},
        }
        if with_files:
            content["signed_scan"] = self.form.cleaned_data.get("signed_scan_upload") or None
            attachment = self.form.cleaned_data.get("attachment_upload")
            content["attachments"] = [attachment] if attachment else []
            ticked = self.data.getlist("remove_attachment") if self.data else []
            content["remove_attachments"] = [pk for pk in map(plain_id, ticked) if pk is not None]
        return content


def _editable_report(request: HttpRequest, pk: int) -> AgencyReport:
    report = access.get_report_for_user(request.user, pk)
    if report.agency_id != request.user.agency_id or not roles.can_submit(request.user):
        raise Http404
    return report


def _upload_scope(request: HttpRequest, report: AgencyReport) -> str:
    return f"{report.pk}:{request.user.pk}"


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The form. "Lưu nháp" saves; "Gửi báo cáo" saves and opens the confirmation step (report_confirm)."""
    report = _editable_report(request, pk)
    if not services.report_editable_by(report, request.user):
        if report.period.state != PeriodState.OPEN:  # closed to new submissions: say so, the draft is kept
            messages.warning(request, services.PeriodClosed.of(report.period).message)
        else:
            messages.info(request, _("Báo cáo này hiện không sửa được (đã gửi, đã duyệt hoặc kỳ đã khóa)."))
        return redirect("reporting:report_detail", pk=report.pk)
    items = _items(report)
    scope = _upload_scope(request, report)
    data = request.POST if request.method == "POST" else None
    editor = ReportEditor(report, items, _coordination_by_task(report, items), data, request.FILES, scope=scope)
    if request.method == "POST" and editor.is_valid():
        if _saved(request, report, editor):
            kept_uploads.discard(editor.files)
            if request.POST.get("action") == "review":
                return redirect("reporting:report_confirm", pk=report.pk)
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("reporting:report_edit", pk=report.pk)
    elif request.method == "POST":
        editor.keep_files()
    context = {
        "report": report,
        "editor": editor,
        "error_summary": editor.error_summary() if request.method == "POST" else [],
        "attachments": list(report.attachments.all()),
        "notice": selectors.return_notice(report, list(report.events.select_related("actor")), items),
    }
    return render(request, "reporting/report_form.html", context)


def _saved(request: HttpRequest, report: AgencyReport, editor: ReportEditor) -> bool:
    """Save the draft; on failure say why (the bound form below still holds the typed text)."""
    try:
        services.report_save_draft(
            report_id=report.pk,
            user=request.user,
            version=editor.form.cleaned_data["version"],
            **editor.content(),
        )
    except services.ReportingError as error:
        messages.error(request, error.message)
    except DatabaseError:
        # The service's transaction rolled back whole; nothing was written.
        logger.exception("Report %s not saved: database error", report.pk)
        messages.error(
            request,
            _(
                "Báo cáo chưa được lưu do sự cố cơ sở dữ liệu; không có thay đổi nào được ghi. "
                "Nội dung bạn nhập vẫn còn trên trang: vui lòng bấm lưu hoặc gửi lại sau ít phút."
            ),
        )
    else:
        return True
    editor.keep_files()
    return False


def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The last step of sending: what will be sent, task by task, what is still missing, and the answer
    to a return (giải trình). Only this step's POST submits, so only then is the reviewer notified."""
    report = _editable_report(request, pk)
    if not services.report_editable_by(report, request.user):
        messages.info(request, _("Báo cáo này hiện không gửi được (đã gửi, đã duyệt hoặc kỳ đã khóa)."))
        return redirect("reporting:report_detail", pk=report.pk)
    form = SubmitForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        submitted = carried_out(
            request,
            services.report_submit,
            report_id=report.pk,
            user=request.user,
            version=form.cleaned_data["version"],
            today=timezone.localdate(),
            reply=form.cleaned_data["reply"],
        )
        if submitted:
            messages.success(request, _("Đã gửi báo cáo đến Sở Nội vụ."))
            return redirect("reporting:report_detail", pk=report.pk)
        report.refresh_from_db()
    items = _items(report)
    events = list(report.events.select_related("actor"))
    context = {
        "report": report,
        "items": items,
        "gaps": readiness.submission_gaps(items),
        "form": form,
        "notice": selectors.return_notice(report, events, items),
        "attachments": list(report.attachments.all()),
    }
    return render(request, "reporting/report_confirm.html", context)


@require_POST
def report_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Background save of a draft from static/js/report-autosave.js; files wait for a real save."""
    report = _editable_report(request, pk)
    items = _items(report)
    editor = ReportEditor(report, items, {}, request.POST)
    if not editor.is_valid():
        return JsonResponse({"ok": False, "message": _("Chưa tự động lưu: nội dung có lỗi.")}, status=400)
    try:
        saved = services.report_save_draft(
            report_id=report.pk,
            user=request.user,
            version=editor.form.cleaned_data["version"],
            **editor.content(with_files=False),
        )
    except services.ReportConflict as error:
        return JsonResponse({"ok": False, "conflict": True, "message": str(error.message)}, status=409)
    except services.ReportingError as error:
        return JsonResponse({"ok": False, "message": str(error.message)}, status=400)
    return JsonResponse({"ok": True, "version": saved.version, "saved_at": timezone.localtime().strftime("%H:%M")})


@require_POST
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    if not carried_out(request, services.report_withdraw, report_id=report.pk, user=request.user):
        return redirect("reporting:report_detail", pk=report.pk)
    messages.success(request, _("Đã rút lại báo cáo; bạn có thể chỉnh sửa và gửi lại."))
    return redirect("reporting:report_edit", pk=report.pk)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Content, state, timeline and, for a resubmission, what changed since the previous one."""
    return render_report_page(request, access.get_report_for_user(request.user, pk))


def render_report_page(request: HttpRequest, report: AgencyReport, **bound_forms) -> HttpResponse:
    """The report page; a review step that failed passes its bound form so the typed text stays."""
    items = _items(report)
    events = list(report.events.select_related("actor"))
    is_owner = report.agency_id == request.user.agency_id and roles.can_submit(request.user)
    can_review = services.report_reviewable_by(report, request.user)
    coordination = _coordination_by_task(report, items) if (is_owner or can_review) else {}
    context = {
        "report": report,
        "notice": selectors.return_notice(report, events, items),
        "rows": [(item, coordination.get(item.assignment.task_id, [])) for item in items],
        "timeline": selectors.report_timeline(report, events),
        "changes": selectors.submission_diff(events),
        "attachments": list(report.attachments.all()),
        "is_owner": is_owner,
        "can_edit": is_owner and services.report_editable_by(report, request.user),
        "can_withdraw": is_owner and report.state == ReportState.SUBMITTED,
        "can_review": can_review and report.state == ReportState.SUBMITTED,
        "can_reopen": can_review and report.state == ReportState.APPROVED,
        "approve_form": ApproveForm(initial={"version": report.version}),
        "reopen_form": ReopenForm(),
        **bound_forms,
    }
    return render(request, "reporting/report_detail.html", context)


def coordination(request: HttpRequest, period_pk: int) -> HttpResponse:
    """A coordinating agency's input on the lead's tasks of a plan, for one open period."""
    from reporting.forms import CoordinationForm

    if not roles.can_submit(request.user):
        raise Http404
    period = get_object_or_404(selectors.coordinating_periods(request.user.agency_id), pk=period_pk)
    assignments = list(selectors.coordinating_assignments(period, request.user.agency_id))
    form = CoordinationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = next((a for a in assignments if a.pk == form.cleaned_data["assignment"]), None)
        if chosen is None:
            raise Http404
        try:
            services.coordination_input_add(
                period=period, assignment=chosen, user=request.user, text=form.cleaned_data["text"]
            )
        except services.ReportingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi ý kiến phối hợp."))
            return redirect("reporting:coordination", period_pk=period.pk)
    inputs = defaultdict(list)
    for entry in CoordinationInput.objects.filter(period=period, assignment__in=assignments).select_related("author"):
        inputs[entry.assignment_id].append(entry)
    rows = [(a, inputs.get(a.pk, [])) for a in assignments]
    # The one text box that was sent is the one each error leads to.
    typed_in = f"text-{form.data.get('assignment', '')}"
    error_summary = [replace(link, target=typed_in) for link in error_links(form)]
    context = {"period": period, "rows": rows, "form": form, "error_summary": error_summary}
    return render(request, "reporting/coordination.html", context)
