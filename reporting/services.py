"""Writes of the reporting workflow: periods, agency reports and their review.

Every state change locks the report row, checks who may do it and from which state, writes an
immutable ReportEvent with a snapshot, and announces it after commit (reporting.signals); the
notification job follows (reporting.job_dispatch).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import roles
from agencies.models import Agency, User
from plan_portal.versioning import bump_data_version
from reporting import readiness, signals, uploads
from reporting.models import (
    AgencyReport,
    Attachment,
    CoordinationInput,
    EvidenceDocument,
    Notification,
    PeriodKind,
    PeriodState,
    ReportEvent,
    ReportingPeriod,
    ReportItem,
    ReportState,
)
from reporting.snapshots import ITEM_FIELDS, REPORT_FIELDS, report_snapshot
from tasks.models import STATUS_FACT_FIELDS, Assignment, AssignmentRole, status_facts_year
from tasks.timing import Progress

EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class ReportingError(Exception):
    """A rule of the workflow said no; the message is for the user (Vietnamese)."""

    default_message = _("Không thể thực hiện thao tác này.")

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class ReportConflict(ReportingError):
    default_message = _(
        "Báo cáo vừa được người khác lưu hoặc thay đổi trạng thái sau khi bạn mở. "
        "Nội dung bạn nhập vẫn còn trên trang: hãy sao chép lại phần cần giữ, tải lại trang rồi lưu."
    )


class InvalidTransition(ReportingError):
    default_message = _("Báo cáo đang ở trạng thái không cho phép thao tác này.")


class NotAllowed(ReportingError):
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class PeriodClosed(ReportingError):
    default_message = _("Kỳ báo cáo chưa mở hoặc đã khóa.")

    @classmethod
    def of(cls, period: ReportingPeriod) -> PeriodClosed:
        """Says why this period takes no report, and that the agency's saved draft is kept."""
        if period.state == PeriodState.CLOSED:
            return cls(
                _(
                    "Kỳ báo cáo %(period)s đã đóng, không nhận thêm báo cáo. Bản nháp đã lưu của đơn vị vẫn được "
                    "giữ nguyên; nếu cần gửi, đề nghị liên hệ Sở Nội vụ để mở lại kỳ."
                )
                % {"period": period.display_label}
            )
        if period.state == PeriodState.CANCELLED:
            return cls(_("Kỳ báo cáo %(period)s đã bị hủy.") % {"period": period.display_label})
        if period.state == PeriodState.LOCKED:
            return cls(
                _("Kỳ báo cáo %(period)s đã khóa sau khi tổng hợp: báo cáo không thay đổi được nữa.")
                % {"period": period.display_label}
            )
        return cls()


def require_open_period(period: ReportingPeriod) -> None:
    if period.state != PeriodState.OPEN:
        raise PeriodClosed.of(period)


def require_unlocked_period(period: ReportingPeriod) -> None:
    """Review goes on in a closed period; a locked (consolidated) or cancelled one changes no more."""
    if period.state in (PeriodState.LOCKED, PeriodState.CANCELLED):
        raise PeriodClosed.of(period)


class ReportIncomplete(ReportingError):
    """The report lacks what readiness.submission_gaps asks for; `gaps` says what, item by item."""

    default_message = _("Báo cáo chưa đủ nội dung để gửi: vui lòng bổ sung các mục còn thiếu.")

    def __init__(self, gaps: list[readiness.Gap]):
        self.gaps = gaps
        super().__init__()


# --- who may do what (pure checks on loaded objects) -------------------------------------------


def report_editable_by(report: AgencyReport, user: User) -> bool:
    return (
        roles.can_submit(user)
        and report.agency_id == user.agency_id
        and report.state in EDITABLE_STATES
        and report.period.state == PeriodState.OPEN
    )


def report_reviewable_by(report: AgencyReport, user: User) -> bool:
    return roles.can_review(user) and user.agency_id == report.period.plan.consolidating_agency_id


def _require(condition: bool, error: type[ReportingError] = NotAllowed) -> None:
    if not condition:
        raise error()


# --- the agency report (period writes live in reporting.period_services) ----------------------


def agency_owes_report(period: ReportingPeriod, agency_id: int) -> bool:
    if period.kind == PeriodKind.AD_HOC and period.requested_agencies.exists():
        return period.requested_agencies.filter(pk=agency_id).exists()
    return Assignment.objects.owing_reports().filter(task__plan_id=period.plan_id, agency_id=agency_id).exists()


@transaction.atomic
def report_get_or_create_for_agency(*, period: ReportingPeriod, agency: Agency, user: User) -> AgencyReport:
    """The agency's report for the period, created with one item per assignment it owes."""
    _require(roles.can_submit(user) and user.agency_id == agency.pk)
    existing = AgencyReport.objects.filter(period=period, agency=agency).first()
    if existing is not None:
        return existing
    require_open_period(period)
    if not agency_owes_report(period, agency.pk):
        raise NotAllowed(_("Đơn vị của bạn không phải báo cáo kỳ này."))
    report, created = AgencyReport.objects.get_or_create(period=period, agency=agency, defaults={"updated_by": user})
    if created:
        owed = Assignment.objects.owing_reports().filter(task__plan_id=period.plan_id, agency=agency)
        ReportItem.objects.bulk_create(
            [ReportItem(report=report, assignment_id=pk) for pk in owed.values_list("pk", flat=True)]
        )
        _record(report, user, from_state="", to_state=ReportState.DRAFT, comment="")
    return report


@dataclass(frozen=True)
class EvidenceInput:
    """One row of an item's evidence formset: new when id is None."""

    id: int | None
    number: str
    title: str
    issued_on: dt.date | None = None
    file: UploadedFile | None = None
    delete: bool = False


def _lock(report_id: int) -> AgencyReport:
    report = AgencyReport.objects.select_for_update().get(pk=report_id)
    # Related rows are read after the lock so they cannot be stale.
    report.period = ReportingPeriod.objects.select_related("plan").get(pk=report.period_id)
    return report


def _check_version(report: AgencyReport, version: int | None) -> None:
    if version is not None and report.version != version:
        raise ReportConflict()


# Files written by the current save, until its transaction commits: storage is not transactional.
_unconfirmed_files: ContextVar[list | None] = ContextVar("unconfirmed_files", default=None)


def _files_discarded_on_rollback(service: Callable) -> Callable:
    """Wrap a save that stores uploads: if its transaction rolls back, the files it wrote are deleted too."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        if _unconfirmed_files.get() is not None:
            return service(*args, **kwargs)  # an outer save owns the cleanup
        token = _unconfirmed_files.set([])
        try:
            return service(*args, **kwargs)
        except BaseException:
            for field_file in _unconfirmed_files.get():
                field_file.storage.delete(field_file.name)
            raise
        finally:
            _unconfirmed_files.reset(token)

    return wrapper


def _store(
    field_file, upload: UploadedFile, allowed: tuple[str, ...] = tuple(uploads.ALLOWED)
) -> uploads.CheckedUpload:
    checked = uploads.check_upload(upload, allowed)
    field_file.save(uploads.storage_name(checked), upload, save=False)
    unconfirmed = _unconfirmed_files.get()
    if unconfirmed is not None:
        unconfirmed.append(field_file)
        # Committed: keep the file even if a later after-commit step raises.
        transaction.on_commit(unconfirmed.clear)
    return checked


def _apply_items(report: AgencyReport, items: Mapping[int, Mapping[str, Any]]) -> None:
    rows = list(report.items.filter(pk__in=items))
    for row in rows:
        for name in ITEM_FIELDS:
            if name in items[row.pk]:
                setattr(row, name, items[row.pk][name])
        if row.progress != Progress.COMPLETED:
            row.completed_on = None
    ReportItem.objects.bulk_update(rows, list(ITEM_FIELDS))


def _apply_evidence(report: AgencyReport, evidence: Mapping[int, Iterable[EvidenceInput]]) -> None:
    item_ids = set(report.items.filter(pk__in=evidence).values_list("pk", flat=True))
    existing = {doc.pk: doc for doc in EvidenceDocument.objects.filter(item_id__in=item_ids)}
    to_update, to_create, to_delete = [], [], []
    for item_id, rows in evidence.items():
        if item_id not in item_ids:
            continue
        for row in rows:
            doc = existing.get(row.id) if row.id else EvidenceDocument(item_id=item_id)
            if doc is None or doc.item_id != item_id:
                continue  # a forged id: never touch another item's documents
            if row.delete:
                if doc.pk:
                    to_delete.append(doc.pk)
                continue
            doc.number, doc.title, doc.issued_on = row.number, row.title, row.issued_on
            if row.file is not None:
                _store(doc.file, row.file)
            (to_update if doc.pk else to_create).append(doc)
    EvidenceDocument.objects.filter(pk__in=to_delete).delete()
    EvidenceDocument.objects.bulk_update(to_update, ["number", "title", "issued_on", "file"])
    EvidenceDocument.objects.bulk_create(to_create)


@_files_discarded_on_rollback
@transaction.atomic
def report_save_draft(
    *,
    report_id: int,
    user: User,
    version: int,
    fields: Mapping[str, Any],
    items: Mapping[int, Mapping[str, Any]],
    evidence: Mapping[int, Iterable[EvidenceInput]] | None = None,
    signed_scan: UploadedFile | None = None,
    attachments: Iterable[UploadedFile] = (),
    remove_attachments: Iterable[int] = (),
) -> AgencyReport:
    """Save the content; `version` is the one the form was loaded with, so nobody's work is overwritten.

    Attachments ticked for removal go with the same save; only this report's own are touched. As with
    removed evidence documents, the rows go and the stored files stay (a rollback never loses a file).
    """
    report = _lock(report_id)
    _require(report.agency_id == user.agency_id and roles.can_submit(user))
    _check_version(report, version)
    _require(report.state in EDITABLE_STATES, InvalidTransition)
    require_open_period(report.period)
    for name in REPORT_FIELDS:
        if name in fields:
            setattr(report, name, fields[name])
    if signed_scan is not None:
        _store(report.signed_scan, signed_scan, uploads.PDF_ONLY)
    Attachment.objects.filter(report=report, pk__in=list(remove_attachments)).delete()
    for upload in attachments:
        attachment = Attachment(report=report, uploaded_by=user, original_name=upload.name)
        checked = _store(attachment.file, upload)
        attachment.content_type, attachment.size = checked.content_type, checked.size
        attachment.save()
    _apply_items(report, items)
    _apply_evidence(report, evidence or {})
    report.version += 1
    report.updated_by = user
    report.save()
    return report


def _transition(report: AgencyReport, user: User, to_state: str, comment: str = "") -> ReportEvent:
    from_state = report.state
    report.state = to_state
    report.version += 1
    report.updated_by = user
    report.save()
    return _record(report, user, from_state=from_state, to_state=to_state, comment=comment)


def _record(report: AgencyReport, user: User | None, *, from_state: str, to_state: str, comment: str) -> ReportEvent:
    items = report.items.select_related("assignment__task").prefetch_related("evidence")
    event = ReportEvent.objects.create(
        report=report,
        actor=user,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        snapshot=report_snapshot(report, items),
    )
    if from_state:
        signals.send_on_commit(signals.report_event_recorded, event_id=event.pk)
    return event


@transaction.atomic
def report_submit(*, report_id: int, user: User, version: int | None, today: dt.date, reply: str = "") -> AgencyReport:
    """Send the report for review; late is allowed and marked (by the first submission's date).

    Refused while readiness.submission_gaps finds something missing. `reply` is the agency's answer
    (giải trình) to the reviewer's return, kept as the comment of the submission's event.
    """
    report = _lock(report_id)
    _require(report.agency_id == user.agency_id and roles.can_submit(user))
    _check_version(report, version)
    _require(report.state in EDITABLE_STATES, InvalidTransition)
    require_open_period(report.period)
    gaps = readiness.submission_gaps(report.items.all())
    if gaps:
        raise ReportIncomplete(gaps)
    now = timezone.now()
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.is_late = today > report.period.submission_due_on
    report.submitted_at = now
    _transition(report, user, ReportState.SUBMITTED, comment=reply.strip())
    return report


@transaction.atomic
def report_withdraw(*, report_id: int, user: User) -> AgencyReport:
    """Take back a submission nobody has reviewed yet."""
    report = _lock(report_id)
    _require(report.agency_id == user.agency_id and roles.can_submit(user))
    _require(report.state == ReportState.SUBMITTED, InvalidTransition)
    require_open_period(report.period)  # a draft in a closed period could not be sent again
    _transition(report, user, ReportState.DRAFT, comment=str(_("Đơn vị rút lại báo cáo để chỉnh sửa.")))
    # The reviewers' "Báo cáo mới" would open a draft they may not see.
    Notification.objects.filter(dedupe_key__in=_submission_keys(report)).delete()
    return report


def _submission_keys(report: AgencyReport) -> list[str]:
    submitted = report.events.filter(to_state=ReportState.SUBMITTED).values_list("pk", flat=True)
    return [f"event:{pk}" for pk in submitted]


@transaction.atomic
def report_return(
    *,
    report_id: int,
    user: User,
    reason: str,
    item_comments: Mapping[int, str] | None = None,
    version: int | None = None,
) -> AgencyReport:
    """Send a submission back to its agency with the reason and comments per task."""
    report = _lock(report_id)
    _require(report_reviewable_by(report, user))
    _check_version(report, version)
    _require(report.state == ReportState.SUBMITTED, InvalidTransition)
    require_unlocked_period(report.period)
    if not reason.strip():
        raise ReportingError(_("Cần nêu lý do trả lại báo cáo."))
    if item_comments:
        rows = list(report.items.filter(pk__in=item_comments))
        for row in rows:
            row.reviewer_comment = item_comments[row.pk].strip()
        ReportItem.objects.bulk_update(rows, ["reviewer_comment"])
    _transition(report, user, ReportState.RETURNED, comment=reason.strip())
    return report


@transaction.atomic
def report_approve(*, report_id: int, user: User, comment: str = "", version: int | None = None) -> AgencyReport:
    """Accept the submission and carry each item's progress onto its assignment."""
    report = _lock(report_id)
    _require(report_reviewable_by(report, user))
    _check_version(report, version)
    _require(report.state == ReportState.SUBMITTED, InvalidTransition)
    require_unlocked_period(report.period)
    now = timezone.now()
    items = list(report.items.select_related("assignment__task"))
    year = status_facts_year()
    for item in items:
        assignment = item.assignment
        assignment.progress = item.progress
        assignment.percent_complete = 100 if item.progress == Progress.COMPLETED else item.percent_complete
        assignment.completed_on = item.completed_on if item.progress == Progress.COMPLETED else None
        assignment.progress_updated_at = now
        assignment.apply_status_facts(year)
    Assignment.objects.bulk_update(
        [item.assignment for item in items],
        ["progress", "percent_complete", "completed_on", "progress_updated_at", *STATUS_FACT_FIELDS],
    )
    bump_data_version()  # a bulk update sends no signals; dashboards show these assignments
    # Approval settles the reviewer's comments; the return's event snapshot keeps them in the history.
    report.items.exclude(reviewer_comment="").update(reviewer_comment="")
    report.approved_at = now
    _transition(report, user, ReportState.APPROVED, comment=comment.strip())
    return report


@transaction.atomic
def report_reopen(*, report_id: int, user: User, reason: str) -> AgencyReport:
    """An approved report goes back to its agency (as returned) only with a reason."""
    report = _lock(report_id)
    _require(report_reviewable_by(report, user))
    _require(report.state == ReportState.APPROVED, InvalidTransition)
    require_open_period(report.period)
    if not reason.strip():
        raise ReportingError(_("Cần nêu lý do mở lại báo cáo."))
    report.approved_at = None
    _transition(report, user, ReportState.RETURNED, comment=reason.strip())
    return report


@transaction.atomic
def coordination_input_add(
    *, period: ReportingPeriod, assignment: Assignment, user: User, text: str
) -> CoordinationInput:
    """A coordinating agency's contribution to the lead's task for this period."""
    _require(
        roles.can_submit(user)
        and assignment.agency_id == user.agency_id
        and assignment.role == AssignmentRole.COORDINATING
        and assignment.task.plan_id == period.plan_id
    )
    _require(period.state == PeriodState.OPEN, PeriodClosed)
    if not text.strip():
        raise ReportingError(_("Nội dung phối hợp không được để trống."))
    return CoordinationInput.objects.create(period=period, assignment=assignment, text=text.strip(), author=user)
