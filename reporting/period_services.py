"""Writes of a reporting period's life cycle: propose, open, close, lock, reopen, cancel.

planned → open → closed → locked; closed or locked → open again (with a reason); planned or open →
cancelled while nobody has sent a report for it. Every step is an immutable PeriodEvent (who, when,
from, to, why), shown on the period page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from reporting import periods, signals
from reporting.models import BuildState, PeriodEvent, PeriodKind, PeriodState, ReportBuild, ReportingPeriod
from reporting.services import NotAllowed, ReportingError
from tasks.models import Plan

# Which step may follow which: the reviewer's buttons and the services both read this.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PeriodState.PLANNED: (PeriodState.OPEN, PeriodState.CANCELLED),
    PeriodState.OPEN: (PeriodState.CLOSED, PeriodState.LOCKED, PeriodState.CANCELLED),
    PeriodState.CLOSED: (PeriodState.OPEN, PeriodState.LOCKED),
    PeriodState.LOCKED: (PeriodState.OPEN,),
    PeriodState.CANCELLED: (),
}


def _window_period(*, plan: Plan, kind: str, year: int, sequence: int, user: User | None) -> ReportingPeriod:
    window = periods.Schedule.for_plan(plan).window(kind, year, sequence)
    period, _created = ReportingPeriod.objects.get_or_create(
        plan=plan,
        kind=kind,
        year=year,
        sequence=sequence,
        defaults={
            "label": window.label,
            "starts_on": window.starts_on,
            "ends_on": window.ends_on,
            "submission_due_on": window.submission_due_on,
            "consolidated_due_on": window.consolidated_due_on,
            "created_by": user,
        },
    )
    return period


def period_unsaved(*, plan: Plan, kind: str, year: int, sequence: int = 1) -> ReportingPeriod:
    """The period as it would open (the stored one if it exists), for the confirmation page; saves nothing."""
    stored = ReportingPeriod.objects.filter(plan=plan, kind=kind, year=year, sequence=sequence).first()
    if stored is not None:
        return stored
    window = periods.Schedule.for_plan(plan).window(kind, year, sequence)
    return ReportingPeriod(
        plan=plan,
        kind=kind,
        year=year,
        sequence=sequence,
        label=window.label,
        starts_on=window.starts_on,
        ends_on=window.ends_on,
        submission_due_on=window.submission_due_on,
        consolidated_due_on=window.consolidated_due_on,
    )


def opens_early(period: ReportingPeriod, today: dt.date) -> bool:
    """Opening before the data window starts asks agencies for data that does not exist yet: only with a reason."""
    return today < period.starts_on


def _move(period: ReportingPeriod, to_state: str, *, user: User | None, reason: str = "") -> PeriodEvent:
    if to_state not in TRANSITIONS[period.state]:
        raise ReportingError(
            _("Kỳ báo cáo đang ở trạng thái “%(state)s”, không chuyển sang “%(to)s” được.")
            % {"state": period.get_state_display(), "to": PeriodState(to_state).label}
        )
    from_state = period.state
    period.state = to_state
    fields = ["state"]
    if to_state == PeriodState.OPEN and period.opened_at is None:
        period.opened_at = timezone.now()
        fields.append("opened_at")
    period.save(update_fields=fields)
    return PeriodEvent.objects.create(
        period=period, actor=user, from_state=from_state, to_state=to_state, reason=reason.strip()
    )


def _lock_row(period_id: int) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update().get(pk=period_id)


def _require_reason(reason: str, message) -> None:
    if not reason.strip():
        raise ReportingError(message)


@transaction.atomic
def period_propose(*, plan: Plan, kind: str, year: int, sequence: int = 1, user: User | None) -> ReportingPeriod:
    """Schedule a period: it stays planned until the beat job opens it on its start date."""
    return _window_period(plan=plan, kind=kind, year=year, sequence=sequence, user=user)


@transaction.atomic
def period_open_existing(
    *, period_id: int, user: User | None = None, reason: str = "", today: dt.date | None = None
) -> ReportingPeriod:
    """Open a planned period and tell the agencies; opening an open period again does nothing."""
    period = _lock_row(period_id)
    if period.state == PeriodState.OPEN:
        return period
    if period.state != PeriodState.PLANNED:
        raise ReportingError(
            _("Kỳ báo cáo đang ở trạng thái “%(state)s”: dùng “Mở lại kỳ” và nêu lý do.")
            % {"state": period.get_state_display()}
        )
    if opens_early(period, today or timezone.localdate()):
        _require_reason(
            reason,
            _("Kỳ báo cáo chưa đến ngày bắt đầu số liệu (%(day)s): cần nêu lý do mở sớm.")
            % {"day": f"{period.starts_on:%d/%m/%Y}"},
        )
    _move(period, PeriodState.OPEN, user=user, reason=reason)
    signals.send_on_commit(signals.period_opened, period_id=period.pk)
    return period


@transaction.atomic
def period_open(
    *,
    plan: Plan,
    kind: str,
    year: int,
    sequence: int = 1,
    user: User | None,
    reason: str = "",
    today: dt.date | None = None,
) -> ReportingPeriod:
    period = _window_period(plan=plan, kind=kind, year=year, sequence=sequence, user=user)
    return period_open_existing(period_id=period.pk, user=user, reason=reason, today=today)


@transaction.atomic
def ad_hoc_request_create(
    *,
    plan: Plan,
    request_text: str,
    agencies: Iterable[Agency],
    deadline: dt.date,
    user: User | None,
    today: dt.date,
) -> ReportingPeriod:
    """An ad hoc (đột xuất) request: data up to today, the agencies asked, their deadline."""
    if deadline < today:
        raise ReportingError(_("Hạn gửi báo cáo không được trước ngày hôm nay."))
    sequence = (
        ReportingPeriod.objects.select_for_update().filter(plan=plan, kind=PeriodKind.AD_HOC, year=today.year).count()
        + 1
    )
    period = ReportingPeriod.objects.create(
        plan=plan,
        kind=PeriodKind.AD_HOC,
        year=today.year,
        sequence=sequence,
        label=periods.period_label(periods.AD_HOC, today.year, sequence),
        starts_on=dt.date(today.year, 1, 1),
        ends_on=today,
        submission_due_on=deadline,
        consolidated_due_on=periods.consolidated_due_on(deadline),
        request_text=request_text,
        created_by=user,
    )
    period.requested_agencies.set(agencies)
    return period_open_existing(period_id=period.pk, user=user, today=today)


@transaction.atomic
def period_close(*, period_id: int, user: User, reason: str = "") -> ReportingPeriod:
    """No new submissions; reports already sent are still reviewed, drafts stay with their agencies."""
    period = _lock_row(period_id)
    _move(period, PeriodState.CLOSED, user=user, reason=reason)
    return period


@transaction.atomic
def period_lock(*, period_id: int, user: User, reason: str = "") -> ReportingPeriod:
    """After consolidation: a ready build of the consolidated report exists, and nothing changes any more."""
    period = _lock_row(period_id)
    consolidated = ReportBuild.objects.filter(consolidated_report__period=period, state=BuildState.READY)
    if not consolidated.exists():
        raise ReportingError(_("Chỉ khóa kỳ sau khi đã tạo xong báo cáo tổng hợp của kỳ."))
    _move(period, PeriodState.LOCKED, user=user, reason=reason)
    return period


@transaction.atomic
def period_reopen(*, period_id: int, user: User, reason: str) -> ReportingPeriod:
    """A closed or locked period takes submissions again: only with a reason, kept in its history."""
    period = _lock_row(period_id)
    _require_reason(reason, _("Cần nêu lý do mở lại kỳ báo cáo."))
    if period.state not in (PeriodState.CLOSED, PeriodState.LOCKED):
        raise NotAllowed(_("Chỉ mở lại được kỳ đã đóng hoặc đã khóa."))
    _move(period, PeriodState.OPEN, user=user, reason=reason)
    return period


@transaction.atomic
def period_cancel(*, period_id: int, user: User, reason: str) -> ReportingPeriod:
    """A period opened by mistake: cancelled while no agency has sent a report for it (drafts are kept)."""
    period = _lock_row(period_id)
    _require_reason(reason, _("Cần nêu lý do hủy kỳ báo cáo."))
    if period.reports.filter(first_submitted_at__isnull=False).exists():
        raise ReportingError(_("Đã có đơn vị gửi báo cáo cho kỳ này: hãy đóng kỳ thay vì hủy."))
    _move(period, PeriodState.CANCELLED, user=user, reason=reason)
    return period


@dataclass(frozen=True)
class Step:
    """A button of the period page: the service it calls and what it says."""

    to_state: str
    service: Callable[..., ReportingPeriod]
    label: str
    done_message: str
    needs_reason: bool


STEPS = {
    "close": Step(
        PeriodState.CLOSED, period_close, _("Đóng kỳ (không nhận thêm báo cáo)"), _("Đã đóng kỳ %(label)s."), False
    ),
    "lock": Step(PeriodState.LOCKED, period_lock, _("Khóa kỳ (đã tổng hợp)"), _("Đã khóa kỳ %(label)s."), False),
    "reopen": Step(PeriodState.OPEN, period_reopen, _("Mở lại kỳ"), _("Đã mở lại kỳ %(label)s."), True),
    "cancel": Step(PeriodState.CANCELLED, period_cancel, _("Hủy kỳ (mở nhầm)"), _("Đã hủy kỳ %(label)s."), True),
}


def steps_for(period: ReportingPeriod) -> list[tuple[str, Step]]:
    """The steps the period's state allows; opening a planned period has its own confirmation page."""
    allowed = TRANSITIONS[period.state]
    return [
        (name, step)
        for name, step in STEPS.items()
        if step.to_state in allowed and not (name == "reopen" and period.state == PeriodState.PLANNED)
    ]
