"""Time a consolidated-report build at province scale: a plan of N tasks × M agencies.

Creates the data in the current database inside a transaction that is rolled back afterwards
(the files written are deleted too), so it can run against any database, e.g. from `make bench`.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, AgencyKind
from reporting.consolidation import services
from reporting.models import (
    AgencyReport,
    ConsolidatedReport,
    EvidenceDocument,
    PeriodKind,
    PeriodState,
    ReportingPeriod,
    ReportItem,
    ReportState,
)
from tasks.models import Assignment, AssignmentRole, Plan, Task, status_facts_year
from tasks.timing import Progress, TimingKind

# DESIGN.md: the whole build within 1.5 × what bare WeasyPrint takes on the same HTML. (An absolute
# 15 s stood here while crowded tasks' results were left out; every result printed makes a 100 × 40
# report some 600 pages, which WeasyPrint alone takes over a minute of CPU to lay out.)
TARGET_RATIO = 1.5
RESULTS = (
    "Đã ban hành kế hoạch triển khai, tổ chức quán triệt đến toàn thể cán bộ, công chức, viên chức và người "
    "lao động; lồng ghép nội dung vào sinh hoạt chi bộ định kỳ; kiểm tra, đôn đốc việc thực hiện tại các "
    "đơn vị trực thuộc."
)


class Command(BaseCommand):
    help = "Build a consolidated report for a generated plan (N tasks × M agencies) and print time and memory."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100)
        parser.add_argument("--agencies", type=int, default=40)
        parser.add_argument("--output", help="Copy the built files into this folder to look at them.")

    def handle(self, *args, tasks: int, agencies: int, output: str | None = None, **options):
        rss_before = _peak_rss_mb()
        import weasyprint  # noqa: F401 - loaded as a worker loads it at start (plan_portal.celery), not per build

        with transaction.atomic():
            report = generate_report_data(tasks, agencies)
            timings, cpu, build = _timed_build(report)
            transaction.set_rollback(True)
        folder = Path(default_storage.path(f"consolidated/{report.pk}"))
        if output:
            shutil.copytree(folder, output, dirs_exist_ok=True)
            (Path(output) / "snapshot.json").write_text(json.dumps(build.snapshot, ensure_ascii=False))
        shutil.rmtree(folder, ignore_errors=True)
        total = sum(timings.values())
        self.stdout.write(f"report build {tasks} tasks x {agencies} agencies: state={build.state} {build.error}")
        # CPU time next to wall time: on a shared machine the wall clock also counts other processes.
        for step, seconds in timings.items():
            self.stdout.write(f"  {step:<9} {seconds:6.2f} s wall  {cpu[step]:6.2f} s cpu")
        self.stdout.write(f"  total     {total:6.2f} s wall  {sum(cpu.values()):6.2f} s cpu")
        self.stdout.write(f"  peak RSS  {_peak_rss_mb():.0f} MB (before generating data: {rss_before:.0f} MB)")
        bare = _bare_weasyprint_cpu(build.snapshot)
        ratio = sum(cpu.values()) / bare
        self.stdout.write(
            f"  bare WeasyPrint, same HTML {bare:6.2f} s cpu; build / bare = {ratio:.2f} (target ≤ {TARGET_RATIO})"
        )
        if build.state != "ready" or ratio > TARGET_RATIO:
            self.stderr.write(self.style.WARNING("report build over target or failed"))


def _bare_weasyprint_cpu(snapshot: dict) -> float:
    """CPU seconds of WeasyPrint alone writing the report's HTML: the yardstick of the build's own cost."""
    from weasyprint import HTML

    from reporting.pdf import render_html

    html = render_html(snapshot)
    started = time.process_time()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return time.process_time() - started


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_report_data(task_count: int, agency_count: int) -> ConsolidatedReport:
    stamp = format(int(timezone.now().timestamp() * 1000) % 36**4, "x")
    province = Agency.objects.create(
        name=f"Ủy ban nhân dân tỉnh Bench {stamp}", code=f"bench-ubnd-{stamp}", kind=AgencyKind.PROVINCE
    )
    snv = Agency.objects.create(
        name=f"Sở Nội vụ Bench {stamp}",
        code=f"bench-snv-{stamp}",
        kind=AgencyKind.DEPARTMENT,
        parent=province,
        place_name="Bến Tre",
    )
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Sở thử tải {i} ({stamp})", code=f"bench-{stamp}-{i}", kind=AgencyKind.DEPARTMENT, position=i)
        for i in range(agency_count)
    )
    plan = Plan.objects.create(
        number="9999/KH-UBND",
        issued_on=dt.date(2018, 11, 30),
        issuer=province,
        title="Kế hoạch thử tải",
        consolidating_agency=snv,
        recipient=province,
    )
    tasks = [
        Task(
            plan=plan,
            position=i + 1,
            code=f"II.{i // 10 + 1}.{i % 10 + 1}",
            title=f"Nhiệm vụ thử tải {i + 1}",
            full_text=f"Nhiệm vụ thử tải số {i + 1}: triển khai thực hiện nội dung của kế hoạch.",
            timing_kind=TimingKind.BY_DATE,
            timing_text="trong năm 2019",
            due_on=dt.date(2019, 12, 31),
        )
        for i in range(task_count)
    ]
    for task in tasks:
        task.deadline = task.timing.effective_due_on()
    tasks = Task.objects.bulk_create(tasks)
    assignments = [
        Assignment(
            task=task, agency=agency, role=AssignmentRole.LEAD if j == i % agency_count else AssignmentRole.IMPLEMENTING
        )
        for i, task in enumerate(tasks)
        for j, agency in enumerate(agencies)
    ]
    year = status_facts_year()
    for assignment in assignments:
        assignment.apply_status_facts(year)
    assignments = Assignment.objects.bulk_create(assignments)
    period = ReportingPeriod.objects.create(
        plan=plan,
        kind=PeriodKind.SEMIANNUAL,
        year=2019,
        label="6 tháng đầu năm 2019",
        state=PeriodState.OPEN,
        starts_on=dt.date(2018, 12, 15),
        ends_on=dt.date(2019, 6, 14),
        submission_due_on=dt.date(2019, 6, 17),
        consolidated_due_on=dt.date(2019, 6, 24),
    )
    sent = timezone.make_aware(dt.datetime(2019, 6, 16, 9))
    reports = AgencyReport.objects.bulk_create(
        AgencyReport(
            period=period,
            agency=agency,
            state=ReportState.APPROVED,
            first_submitted_at=sent,
            submitted_at=sent,
            approved_at=sent,
            difficulties="Thiếu kinh phí.",
            proposals="Đề nghị hướng dẫn thêm.",
        )
        for agency in agencies
    )
    report_of = {report.agency_id: report for report in reports}
    items = ReportItem.objects.bulk_create(
        ReportItem(report=report_of[a.agency_id], assignment=a, progress=Progress.IN_PROGRESS, results=RESULTS)
        for a in assignments
    )
    EvidenceDocument.objects.bulk_create(
        EvidenceDocument(item=item, number=f"{n}/KH", issued_on=dt.date(2019, 3, 1), title="Kế hoạch triển khai")
        for n, item in enumerate(items[::10])
    )
    return services.consolidated_report_create(period=period, user=None)


def _timed_build(report: ConsolidatedReport):
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def timed(kind, render):
        def run(snapshot):
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                return render(snapshot)
            finally:
                timings[kind] = time.perf_counter() - started
                cpu[kind] = time.process_time() - started_cpu

        return run

    build = services.build_request(report=report, user=None)
    timed("snapshot", lambda _: services._start(build.pk))(None)  # freezes the snapshot: timed on its own
    renderers = {kind: timed(kind, render) for kind, render in services.default_renderers().items()}
    return timings, cpu, services.build_run(build_id=build.pk, renderers=renderers)
