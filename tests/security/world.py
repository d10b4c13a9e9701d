"""A province where one agency (A) has a report in every state, with files, coordination input,
notifications and a consolidated report with a ready build, each carrying a unique marker string.

The security tests probe every URL with users who must not see some of these markers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, User
from reporting import services
from reporting.consolidation import services as consolidation
from reporting.models import (
    AgencyReport,
    Attachment,
    ConsolidatedReport,
    CoordinationInput,
    EvidenceDocument,
    Notification,
    PeriodState,
    ReportBuild,
    ReportEvent,
    ReportingPeriod,
)
from tasks.models import Assignment, AssignmentRole, Plan, Task
from tasks.timing import Progress
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
    leader,
    reviewer_of,
    staff_of,
)
from tests.reporting.report_world import submit_ready
from tests.sample_files import PDF

# One marker per kind of private content; a refused response must never contain one it may not see.
MARK = {
    "draft": "MKDRAFT7f3a",
    "submitted": "MKSUBMIT91c2",
    "returned": "MKRETURN4be0",
    "approved": "MKAPPROVE2d8e",
    "coord": "MKCOORDc55d",
    "note": "MKNOTEe019",
    "file": "MKFILEa7b4",
    "consolidated": "MKCONSOL63f1",
}
# What a leader may read: approved agency reports and consolidated reports.
LEADER_MAY_SEE = {"approved", "consolidated"}


def fake_renderers() -> dict:
    """Fast stand-ins for the PDF/DOCX/XLSX renderers: the bytes carry the report's narrative."""
    return {kind: (lambda snapshot, kind=kind: f"{kind} {snapshot}".encode()) for kind in ("pdf", "docx", "xlsx")}


@dataclass
class SecurityWorld:
    snv: Agency
    agency: Agency  # A, the owner of every agency-scoped object
    other: Agency  # C, takes part in the same plan and periods
    plan: Plan
    tasks: list[Task]
    periods: dict[str, ReportingPeriod]  # draft, submitted, returned, approved, planned
    reports: dict[str, AgencyReport]
    other_report: AgencyReport
    attachment: Attachment
    evidence: EvidenceDocument
    consolidated: ConsolidatedReport
    build: ReportBuild
    failed_build: ReportBuild
    staff: User
    other_staff: User
    reviewer: User
    leader: User
    extra: dict = field(default_factory=dict)

    def user(self, key: str) -> User | None:
        return {
            "anonymous": None,
            "staff": self.staff,
            "other": self.other_staff,
            "reviewer": self.reviewer,
            "leader": self.leader,
        }[key]


def _period(plan: Plan, year: int, state: str = PeriodState.OPEN) -> ReportingPeriod:
    return ReportingPeriodFactory(
        plan=plan,
        year=year,
        label=f"6 tháng đầu năm {year}",
        starts_on=dt.date(year - 1, 12, 15),
        ends_on=dt.date(year, 6, 14),
        submission_due_on=dt.date(year, 6, 17),
        consolidated_due_on=dt.date(year, 6, 24),
        state=state,
    )


def _filled_report(period: ReportingPeriod, user: User, marker: str, *, files_marker: str = "") -> AgencyReport:
    report = services.report_get_or_create_for_agency(period=period, agency=user.agency, user=user)
    items = {
        item.pk: {"progress": Progress.IN_PROGRESS, "results": f"Kết quả {marker}", "difficulties": f"Khó {marker}"}
        for item in report.items.all()
    }
    first = report.items.order_by("pk").first()
    evidence = {}
    extra = {}
    if files_marker:
        content = PDF + files_marker.encode()
        evidence = {
            first.pk: [
                services.EvidenceInput(
                    id=None,
                    number="12/KH-STTTT",
                    title=f"Kế hoạch {marker}",
                    file=SimpleUploadedFile("kh.pdf", content),
                )
            ]
        }
        extra = {
            "signed_scan": SimpleUploadedFile("ky.pdf", content),
            "attachments": [SimpleUploadedFile(f"tep-{files_marker}.pdf", content)],
        }
    fields = {
        "overall_assessment": f"Đánh giá {marker}",
        "difficulties": f"Khó khăn {marker}",
        "proposals": f"Kiến nghị {marker}",
        "document_number": "",
        "document_date": None,
    }
    return services.report_save_draft(
        report_id=report.pk,
        user=user,
        version=report.version,
        fields=fields,
        items=items,
        evidence=evidence,
        **extra,
    )


def build_security_world() -> SecurityWorld:
    snv = AgencyFactory(name="Sở Nội vụ", code="SNV", email="snv@example.vn")
    agency = AgencyFactory(name="Sở Thông tin và Truyền thông", code="STTTT")
    other = AgencyFactory(name="Sở Giáo dục và Đào tạo", code="SGDDT")
    third = AgencyFactory(name="Sở Tài chính", code="STC")
    plan = PlanFactory(consolidating_agency=snv)
    tasks = [TaskFactory(plan=plan, code=f"II.1.{i}", title=f"Tuyên truyền nội dung {i}") for i in range(3)]
    AssignmentFactory(task=tasks[0], agency=agency, role=AssignmentRole.LEAD)
    AssignmentFactory(task=tasks[1], agency=other, role=AssignmentRole.LEAD)
    AssignmentFactory(task=tasks[1], agency=agency, role=AssignmentRole.IMPLEMENTING)
    AssignmentFactory(task=tasks[2], agency=third, role=AssignmentRole.LEAD)
    coordinating = AssignmentFactory(task=tasks[2], agency=agency, role=AssignmentRole.COORDINATING)

    staff = staff_of(agency, email="chuyenvien@sotttt.vn")
    other_staff = staff_of(other, email="chuyenvien@sogd.vn")
    reviewer = reviewer_of(snv, email="thamdinh@snv.vn")
    boss = leader(agency=AgencyFactory(name="Ủy ban nhân dân tỉnh", code="UBND"), email="lanhdao@ubnd.vn")

    periods = {name: _period(plan, 2019 + i) for i, name in enumerate(("draft", "submitted", "returned", "approved"))}
    periods["planned"] = _period(plan, 2030, PeriodState.PLANNED)
    today = dt.date(2019, 6, 1)
    reports = {"draft": _filled_report(periods["draft"], staff, MARK["draft"], files_marker=MARK["file"])}
    for name in ("submitted", "returned", "approved"):
        files = MARK[name] if name == "approved" else ""  # a leader may download an approved report's files
        report = _filled_report(periods[name], staff, MARK[name], files_marker=files)
        submit_ready(report_id=report.pk, user=staff, version=None, today=today)
        if name == "returned":
            services.report_return(report_id=report.pk, user=reviewer, reason=f"Thiếu số liệu {MARK['returned']}")
        if name == "approved":
            services.report_approve(report_id=report.pk, user=reviewer, comment="Đạt")
        reports[name] = AgencyReport.objects.get(pk=report.pk)
    other_report = services.report_get_or_create_for_agency(period=periods["draft"], agency=other, user=other_staff)
    CoordinationInput.objects.create(
        period=periods["draft"], assignment=coordinating, text=f"Phối hợp {MARK['coord']}", author=staff
    )
    Notification.objects.create(recipient=staff, subject=f"Thông báo {MARK['note']}", body=MARK["note"], url="/")

    consolidated = ConsolidatedReport.objects.create(
        period=periods["approved"], number="/BC-SNV", overall_assessment=f"Tổng hợp {MARK['consolidated']}"
    )
    build = consolidation.build_request(report=consolidated, user=reviewer)
    build = consolidation.build_run(build_id=build.pk, renderers=fake_renderers())
    failed = ReportBuild.objects.create(
        consolidated_report=consolidated, version=build.version + 1, state="failed", error="Lỗi dựng"
    )
    return SecurityWorld(
        snv=snv,
        agency=agency,
        other=other,
        plan=plan,
        tasks=tasks,
        periods=periods,
        reports=reports,
        other_report=other_report,
        attachment=Attachment.objects.get(report=reports["draft"]),
        evidence=EvidenceDocument.objects.get(item__report=reports["draft"]),
        consolidated=consolidated,
        build=build,
        failed_build=failed,
        staff=staff,
        other_staff=other_staff,
        reviewer=reviewer,
        leader=boss,
        extra={"coordinating": coordinating},
    )


def fingerprint(world: SecurityWorld) -> dict:
    """Everything the world's owners wrote; a refused request must leave it exactly as it was."""
    return {
        "reports": sorted(
            AgencyReport.objects.filter(agency=world.agency).values_list(
                "pk", "state", "version", "overall_assessment", "signed_scan"
            )
        ),
        "events": ReportEvent.objects.count(),
        "attachments": sorted(Attachment.objects.values_list("pk", "file")),
        "evidence": sorted(EvidenceDocument.objects.values_list("pk", "title", "file")),
        "coordination": sorted(CoordinationInput.objects.values_list("pk", "text")),
        "periods": sorted(ReportingPeriod.objects.values_list("pk", "state")),
        "consolidated": sorted(ConsolidatedReport.objects.values_list("pk", "overall_assessment", "number")),
        "builds": sorted(ReportBuild.objects.values_list("pk", "state")),
        "notes": sorted(Notification.objects.filter(recipient=world.staff).values_list("pk", "read_at")),
        "assignments": sorted(Assignment.objects.values_list("pk", "progress")),
    }
