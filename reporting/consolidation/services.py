"""Writes for consolidated reports: create, edit, request a build, run a build.

A build is a ReportBuild row that moves queued → building → ready or failed. The web only creates
the row and announces it after commit (reporting.signals, whose receiver sends the job); the job
(reporting.jobs) calls build_run, which is safe to run twice and never leaves a half-written file
where a download could find it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import OperationalError, connections, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agencies import roles
from agencies.models import AgencyKind
from reporting import signals
from reporting.consolidation.snapshot import build_snapshot
from reporting.models import BuildState, ConsolidatedReport, PeriodState, ReportBuild, ReportingPeriod

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "number",
    "issued_on",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients_text",
    "overall_assessment",
    "shortcomings",
    "difficulties_and_proposals",
    "next_period_direction",
)
# Transient faults the job retries; anything else fails the build with its reason.
TRANSIENT_ERRORS = (OperationalError,)
# The beat job drafts reports only for deadlines passed recently, not for years of history.
DRAFT_LOOKBACK_DAYS = 30
STALE_QUEUED_AFTER = dt.timedelta(minutes=5)
# A build from before heartbeats (no alive_until) counts as lost after this long.
STALE_BUILDING_AFTER = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 5
# A running build pushes alive_until this far ahead every HEARTBEAT_EVERY; the sweep (every 2 min)
# finds a build whose worker died within LEASE + 2 min, runs it again once, then fails it with why.
HEARTBEAT_EVERY = dt.timedelta(seconds=30)
LEASE = dt.timedelta(minutes=2)
MAX_RESTARTS = 1


class ConsolidationError(Exception):
    """A consolidated-report action that cannot be done; the message is shown to the user."""


class ConsolidationConflict(ConsolidationError):
    """Someone else saved the report after this user loaded it; nothing was overwritten."""


def can_edit(user, period: ReportingPeriod) -> bool:
    return (
        roles.can_review(user) and user.agency_id is not None and user.agency_id == period.plan.consolidating_agency_id
    )


def default_recipients(period: ReportingPeriod) -> str:
    """Nơi nhận of a consolidating agency's report to the plan's recipient (editable on the form).

    Not the plan's own distribution list: that is who received the plan, not who receives a Sở's report.
    """
    plan = period.plan
    consolidating = plan.consolidating_agency
    lines = []
    if plan.recipient is not None:
        lines.append(f"- {plan.recipient.short_name or plan.recipient.name} (để báo cáo);")
    is_department = consolidating is not None and consolidating.kind == AgencyKind.DEPARTMENT
    lines.append("- Lãnh đạo Sở;" if is_department else "- Lãnh đạo đơn vị;")
    code = consolidating.code.upper() if consolidating else ""
    lines.append(f"- Lưu: VT, {code}." if code else "- Lưu: VT.")
    return "\n".join(lines)


@transaction.atomic
def consolidated_report_create(*, period: ReportingPeriod, user) -> ConsolidatedReport:
    if user is not None and not can_edit(user, period):
        raise ConsolidationError(_("Chỉ cơ quan tổng hợp của kế hoạch được lập báo cáo tổng hợp."))
    if ConsolidatedReport.objects.filter(period=period).exists():
        raise ConsolidationError(_("Kỳ báo cáo này đã có báo cáo tổng hợp."))
    consolidating = period.plan.consolidating_agency
    is_department = consolidating is not None and consolidating.kind == AgencyKind.DEPARTMENT
    return ConsolidatedReport.objects.create(
        period=period,
        number=f"/BC-{consolidating.code.upper()}" if consolidating else "",
        recipients_text=default_recipients(period),
        # A Sở's report is signed by its director (or "KT. GIÁM ĐỐC" and a deputy): editable on the form.
        signer_title="GIÁM ĐỐC" if is_department else "",
    )


@transaction.atomic
def consolidated_report_update(
    *, report: ConsolidatedReport, user, data: dict, loaded_at: dt.datetime | None = None
) -> ConsolidatedReport:
    """Save the reviewer's sections; with `loaded_at`, refuse to overwrite a newer save."""
    if not can_edit(user, report.period):
        raise ConsolidationError(_("Bạn không có quyền sửa báo cáo tổng hợp này."))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    report = ConsolidatedReport.objects.select_for_update().get(pk=report.pk)
    if loaded_at is not None and report.updated_at > loaded_at:
        raise ConsolidationConflict(
            _(
                "Người khác vừa lưu báo cáo này sau khi bạn mở trang. Nội dung bạn nhập vẫn còn bên dưới; "
                "hãy mở trang trong thẻ mới để xem bản mới nhất, rồi lưu lại."
            )
        )
    for field, value in data.items():
        setattr(report, field, value)
    report.save(update_fields=[*data, "updated_at"])
    return report


@transaction.atomic
def build_request(*, report: ConsolidatedReport, user, automatic: bool = False) -> ReportBuild:
    """A new version, queued; the job starts only once this transaction has committed."""
    if user is not None and not can_edit(user, report.period):
        raise ConsolidationError(_("Bạn không có quyền tạo báo cáo tổng hợp này."))
    # Lock the report so two clicks never race for the same version number.
    ConsolidatedReport.objects.select_for_update().filter(pk=report.pk).first()
    latest = report.builds.aggregate(latest=Max("version"))["latest"] or 0
    build = ReportBuild.objects.create(
        consolidated_report=report, version=latest + 1, requested_by=user, is_automatic_draft=automatic
    )
    signals.send_on_commit(signals.build_queued, build_id=build.pk)
    return build


Renderer = Callable[[dict], bytes]


def default_renderers() -> dict[str, Renderer]:
    from reporting.docx import render_docx
    from reporting.pdf import render_pdf
    from reporting.xlsx import render_xlsx

    return {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


def build_run(*, build_id: int, renderers: dict[str, Renderer] | None = None) -> ReportBuild | None:
    """Freeze the snapshot (once), render the three files, mark the build ready.

    Idempotent: a ready build is returned untouched; a rerun after a crash reuses the frozen
    snapshot and overwrites the same file names. Transient database errors propagate so the job
    retries; any other error marks the build failed with its reason. A build deleted (with its
    report) before its job ran is skipped: None.
    """
    build = _start(build_id)
    if build is None:
        logger.warning("Report build %s no longer exists; its job is dropped", build_id)
        return None
    if build.state == BuildState.READY:
        return build
    renderers = renderers or default_renderers()
    try:
        with _heartbeat(build.pk):
            for index, (kind, render) in enumerate(renderers.items(), start=1):
                name = _file_name(build, kind)
                _write_atomically(name, render(build.snapshot))
                setattr(build, kind, name)
                _set_percent(build, 20 + 75 * index // len(renderers))
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Report build %s failed", build_id)
        return build_mark_failed(build_id=build_id, reason=f"{type(exc).__name__}: {exc}")
    build.state, build.percent, build.error, build.finished_at = BuildState.READY, 100, "", timezone.now()
    build.save(update_fields=["state", "percent", "error", "finished_at", *renderers])
    return build


@transaction.atomic
def _start(build_id: int) -> ReportBuild | None:
    builds = ReportBuild.objects.select_for_update().select_related("consolidated_report__period__plan")
    build = builds.filter(pk=build_id).first()
    if build is None or build.state == BuildState.READY:
        return build
    if build.snapshot is None:
        build.snapshot = build_snapshot(build.consolidated_report)
    build.state, build.error, build.percent = BuildState.BUILDING, "", 20
    build.attempts += 1
    build.started_at = timezone.now()
    build.alive_until = build.started_at + LEASE
    build.save(update_fields=["snapshot", "state", "error", "percent", "attempts", "started_at", "alive_until"])
    return build


@contextmanager
def _heartbeat(build_id: int) -> Iterator[None]:
    """While the body runs, push the build's alive_until forward from a thread of its own.

    A render of several minutes is one call, so the beat cannot come from between the steps. If the
    process dies (killed, out of memory, machine lost) the beats stop and the sweep sees it.
    """
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(HEARTBEAT_EVERY.total_seconds()):
                build_extend_lease(build_id=build_id, until=timezone.now() + LEASE)
        except Exception:  # a missed beat must not end the build; a lost lease is what the sweep is for
            logger.warning("Heartbeat of report build %s stopped", build_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"build-{build_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=5)


def build_extend_lease(*, build_id: int, until: dt.datetime) -> None:
    """The build's worker is alive (or waiting to retry) until then; a finished build is left alone."""
    ReportBuild.objects.filter(pk=build_id, state=BuildState.BUILDING).update(alive_until=until)


def _set_percent(build: ReportBuild, percent: int) -> None:
    build.percent = percent
    ReportBuild.objects.filter(pk=build.pk).update(percent=percent)


def build_mark_failed(*, build_id: int, reason: str) -> ReportBuild | None:
    build = ReportBuild.objects.filter(pk=build_id).first()
    if build is None or build.state == BuildState.READY:  # deleted meanwhile, or a rerun already finished it
        return build
    build.state, build.error, build.finished_at = BuildState.FAILED, reason[:2000], timezone.now()
    build.save(update_fields=["state", "error", "finished_at"])
    return build


def _file_name(build: ReportBuild, kind: str) -> str:
    period = build.consolidated_report.period
    stem = slugify(f"bao-cao-tong-hop-{period.label}".replace("đ", "d").replace("Đ", "D")) or "bao-cao-tong-hop"
    return f"consolidated/{build.consolidated_report_id}/v{build.version}/{stem}-v{build.version}.{kind}"


def _write_atomically(name: str, content: bytes) -> None:
    """Write beside the target then rename: a reader sees the old file or the whole new one."""
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".part-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def draft_reports_after_deadline(*, today: dt.date) -> list[ReportBuild]:
    """Start a draft build for each period whose agency deadline passed and has no consolidated report."""
    periods = ReportingPeriod.objects.filter(
        submission_due_on__lt=today,
        submission_due_on__gte=today - dt.timedelta(days=DRAFT_LOOKBACK_DAYS),
        consolidated_report__isnull=True,
        plan__consolidating_agency__isnull=False,
    ).exclude(state__in=[PeriodState.PLANNED, PeriodState.CANCELLED])  # a cancelled period has no report
    builds = []
    for period in periods.select_related("plan__consolidating_agency", "plan__recipient"):
        with transaction.atomic():
            report = consolidated_report_create(period=period, user=None)
            builds.append(build_request(report=report, user=None, automatic=True))
    return builds


def stale_builds(*, now: dt.datetime):
    """Builds whose job was lost: queued and never started, or building with no heartbeat any more."""
    return ReportBuild.objects.filter(
        Q(state=BuildState.QUEUED, created_at__lt=now - STALE_QUEUED_AFTER)
        | Q(state=BuildState.BUILDING, alive_until__lt=now)
        | Q(state=BuildState.BUILDING, alive_until__isnull=True, started_at__lt=now - STALE_BUILDING_AFTER)
    )


def builds_sweep(*, now: dt.datetime) -> int:
    """Re-enqueue lost builds; a build whose worker died twice, or that keeps failing, ends failed with why."""
    count = 0
    for build in stale_builds(now=now).only("pk", "state", "attempts", "restarts"):
        if build.state == BuildState.BUILDING and build.restarts >= MAX_RESTARTS:
            build_mark_failed(
                build_id=build.pk,
                reason=str(
                    _(
                        "Tiến trình tạo báo cáo đã dừng giữa chừng hai lần (máy xử lý nền bị tắt hoặc hết bộ nhớ); "
                        "vui lòng bấm tạo lại, hoặc báo quản trị viên nếu lỗi lặp lại."
                    )
                ),
            )
            continue
        if build.attempts >= MAX_ATTEMPTS:
            build_mark_failed(build_id=build.pk, reason=str(_("Quá số lần thử tạo báo cáo; vui lòng tạo lại.")))
            continue
        if build.state == BuildState.BUILDING:
            logger.warning("Report build %s lost its worker; running it again", build.pk)
            ReportBuild.objects.filter(pk=build.pk).update(restarts=F("restarts") + 1, alive_until=now + LEASE)
        signals.build_queued.send(sender=None, build_id=build.pk)
        count += 1
    return count
