"""A hand-made period for the consolidated-report tests: who reported on time, late, not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Agency, AgencyKind
from reporting.models import AgencyReport, ConsolidatedReport, EvidenceDocument, ReportingPeriod, ReportState
from tasks.models import AssignmentRole, Plan
from tasks.timing import Progress, TimingKind
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ReportItemFactory,
    TaskFactory,
)

SCRIPT = "<script>alert('x')</script>"


@dataclass
class Scene:
    province: Agency
    snv: Agency
    agency_a: Agency  # approved, on time
    agency_b: Agency  # approved, late
    agency_c: Agency  # submitted, not approved
    agency_d: Agency  # never reported
    plan: Plan
    period: ReportingPeriod
    report: ConsolidatedReport


def _sent(period, agency, *, state, late=False, **fields) -> AgencyReport:
    sent_at = timezone.make_aware(dt.datetime(2019, 6, 20 if late else 16, 9, 0))
    return AgencyReportFactory(
        period=period,
        agency=agency,
        state=state,
        first_submitted_at=sent_at,
        submitted_at=sent_at,
        is_late=late,
        approved_at=sent_at if state == ReportState.APPROVED else None,
        **fields,
    )


def make_scene(**report_fields) -> Scene:
    province = AgencyFactory(
        name="Ủy ban nhân dân tỉnh Bến Tre", short_name="UBND tỉnh", code="UBND", kind=AgencyKind.PROVINCE
    )
    snv = AgencyFactory(name="Sở Nội vụ", code="SNV", parent=province, place_name="Bến Tre", position=1)
    agency_a = AgencyFactory(name="Sở Thông tin và Truyền thông", code="STTTT", position=2)
    agency_b = AgencyFactory(name="Sở Giáo dục và Đào tạo", code="SGDDT", position=3)
    agency_c = AgencyFactory(name="Sở Tài chính", code="STC", position=4)
    agency_d = AgencyFactory(name="UBND huyện Ba Tri", code="BATRI", kind=AgencyKind.DISTRICT, position=5)
    plan = PlanFactory(
        number="4447/KH-UBND",
        issuer=province,
        consolidating_agency=snv,
        recipient=province,
        recipients_text="UBND tỉnh (để báo cáo);\nBộ Nội vụ;\nLưu: VT.",
    )
    heading = TaskFactory(plan=plan, position=1, code="II.1", title="Đẩy mạnh tuyên truyền", is_heading=True)
    group_task = TaskFactory(
        plan=plan,
        parent=heading,
        position=2,
        code="II.1.a",
        title="Quán triệt Nghị quyết",
        timing_kind=TimingKind.BY_QUARTER,
        timing_text="trong quý IV năm 2018",
        due_on=dt.date(2018, 12, 31),
    )
    lead_task = TaskFactory(plan=plan, parent=heading, position=3, code="II.1.b", title="Thông tin, tuyên truyền")
    waiting_task = TaskFactory(
        plan=plan,
        position=4,
        code="II.2.a",
        title="Đề án thu hút nhân tài",
        timing_kind=TimingKind.AFTER_EVENT,
        timing_text="sau khi Chiến lược quốc gia được ban hành",
        due_on=None,
    )
    group = AgencyGroupFactory(name="Các sở, ban, ngành tỉnh")
    implementing = {}
    for agency in (agency_a, agency_b, agency_c, agency_d):
        implementing[agency.pk] = AssignmentFactory(
            task=group_task, agency=agency, role=AssignmentRole.IMPLEMENTING, via_group=group
        )
    lead_a = AssignmentFactory(task=lead_task, agency=agency_a, role=AssignmentRole.LEAD)
    AssignmentFactory(task=lead_task, agency=snv, role=AssignmentRole.COORDINATING)
    lead_b = AssignmentFactory(task=waiting_task, agency=agency_b, role=AssignmentRole.LEAD)

    period = ReportingPeriodFactory(plan=plan)
    report_a = _sent(
        period,
        agency_a,
        state=ReportState.APPROVED,
        difficulties="Thiếu kinh phí tuyên truyền.",
        proposals=f"Đề nghị bổ sung kinh phí {SCRIPT}",
    )
    item = ReportItemFactory(
        report=report_a,
        assignment=implementing[agency_a.pk],
        progress=Progress.COMPLETED,
        completed_on=dt.date(2019, 3, 1),
        results=f"Đã tổ chức 3 hội nghị quán triệt {SCRIPT}",
    )
    EvidenceDocument.objects.create(
        item=item, number="12/KH-STTTT", issued_on=dt.date(2019, 1, 5), title="Kế hoạch quán triệt"
    )
    ReportItemFactory(
        report=report_a, assignment=lead_a, progress=Progress.IN_PROGRESS, results="Đăng 40 tin bài trên Cổng TTĐT."
    )
    report_b = _sent(period, agency_b, state=ReportState.APPROVED, late=True, difficulties="")
    ReportItemFactory(
        report=report_b,
        assignment=implementing[agency_b.pk],
        progress=Progress.IN_PROGRESS,
        results="Đang tổ chức quán triệt.",
        difficulties="Chưa có tài liệu hướng dẫn.",
    )
    ReportItemFactory(report=report_b, assignment=lead_b, progress=Progress.NOT_STARTED, results="")
    report_c = _sent(period, agency_c, state=ReportState.SUBMITTED, difficulties="Chưa duyệt: không được xuất hiện")
    ReportItemFactory(
        report=report_c,
        assignment=implementing[agency_c.pk],
        progress=Progress.COMPLETED,
        completed_on=dt.date(2018, 12, 1),
        results="NỘI DUNG CHƯA DUYỆT",
    )
    fields = {
        "number": "/BC-SNV",
        "issued_on": dt.date(2020, 1, 5),
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn Bình",
        "recipients_text": "UBND tỉnh (để báo cáo);\nBộ Nội vụ;\nLưu: VT, SNV.",
        "overall_assessment": "Các cơ quan đã tích cực triển khai.",
        **report_fields,
    }
    report = ConsolidatedReport.objects.create(period=period, **fields)
    return Scene(province, snv, agency_a, agency_b, agency_c, agency_d, plan, period, report)


def add_reporting_agencies(scene: Scene, count: int) -> None:
    """More agencies carrying the group task, each with an approved report, an item and evidence."""
    from tasks.models import Task

    group_task = Task.objects.get(plan=scene.plan, code="II.1.a")
    for index in range(count):
        agency = AgencyFactory(name=f"UBND huyện thử nghiệm {index}", code=f"H{index}", position=100 + index)
        assignment = AssignmentFactory(task=group_task, agency=agency, role=AssignmentRole.IMPLEMENTING)
        report = _sent(scene.period, agency, state=ReportState.APPROVED, difficulties=f"Khó khăn {index}")
        item = ReportItemFactory(
            report=report, assignment=assignment, progress=Progress.IN_PROGRESS, results="Đang làm"
        )
        EvidenceDocument.objects.create(item=item, number=f"{index}/KH", title="Kế hoạch")
