"""A small province for report tests: one plan, the consolidating Sở Nội vụ, two agencies, every role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from agencies.models import Agency, User
from reporting import services
from reporting.models import AgencyReport, ReportingPeriod
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


@dataclass
class World:
    snv: Agency
    agency: Agency
    other: Agency
    plan: Plan
    tasks: list[Task]
    period: ReportingPeriod
    staff: User
    other_staff: User
    reviewer: User
    leader: User

    def lead(self, task_index: int = 0) -> Assignment:
        return Assignment.objects.get(task=self.tasks[task_index], agency=self.agency)


def build_world(task_count: int = 2, extra_agencies: int = 0) -> World:
    snv = AgencyFactory(name="Sở Nội vụ", code="SNV", email="snv@example.vn")
    agency = AgencyFactory(name="Sở Thông tin và Truyền thông", code="STTTT")
    other = AgencyFactory(name="Sở Giáo dục và Đào tạo", code="SGDDT")
    plan = PlanFactory(consolidating_agency=snv)
    tasks = [
        TaskFactory(plan=plan, code=f"II.1.{i}", title=f"Tuyên truyền nội dung {i}", due_on=dt.date(2019, 12, 31))
        for i in range(task_count)
    ]
    for i, task in enumerate(tasks):
        AssignmentFactory(task=task, agency=agency, role=AssignmentRole.LEAD if i == 0 else AssignmentRole.IMPLEMENTING)
        AssignmentFactory(task=task, agency=other, role=AssignmentRole.COORDINATING if i == 0 else AssignmentRole.LEAD)
    for n in range(extra_agencies):
        extra = AgencyFactory(name=f"UBND huyện {n}", code=f"H{n}")
        for task in tasks:
            AssignmentFactory(task=task, agency=extra, role=AssignmentRole.IMPLEMENTING)
    period = ReportingPeriodFactory(plan=plan)
    return World(
        snv=snv,
        agency=agency,
        other=other,
        plan=plan,
        tasks=tasks,
        period=period,
        staff=staff_of(agency, email="chuyenvien@sotttt.vn"),
        other_staff=staff_of(other, email="chuyenvien@sogd.vn"),
        reviewer=reviewer_of(snv, email="thamdinh@snv.vn"),
        leader=leader(agency=AgencyFactory(name="Ủy ban nhân dân tỉnh", code="UBND")),
    )


def form_data(report: AgencyReport, action: str = "save", **overrides) -> dict:
    """The POST body of the report form as a browser sends it, with the report's current content."""
    report.refresh_from_db()
    data = {
        "version": report.version,
        "action": action,
        "overall_assessment": report.overall_assessment,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
        "document_number": report.document_number,
        "document_date": report.document_date.isoformat() if report.document_date else "",
    }
    for item in report.items.all():
        prefix = f"item-{item.pk}"
        data.update(
            {
                f"{prefix}-progress": item.progress,
                f"{prefix}-percent_complete": "" if item.percent_complete is None else item.percent_complete,
                f"{prefix}-completed_on": item.completed_on.isoformat() if item.completed_on else "",
                f"{prefix}-results": item.results,
                f"{prefix}-difficulties": item.difficulties,
            }
        )
        docs = list(item.evidence.all())
        ev = f"ev-{item.pk}"
        data.update({f"{ev}-TOTAL_FORMS": len(docs) + 1, f"{ev}-INITIAL_FORMS": len(docs), f"{ev}-MIN_NUM_FORMS": 0})
        data[f"{ev}-MAX_NUM_FORMS"] = 1000
        for i, doc in enumerate(docs):
            data.update(
                {
                    f"{ev}-{i}-id": doc.pk,
                    f"{ev}-{i}-number": doc.number,
                    f"{ev}-{i}-title": doc.title,
                    f"{ev}-{i}-issued_on": doc.issued_on.isoformat() if doc.issued_on else "",
                }
            )
    data.update(overrides)
    return data


def item_key(report: AgencyReport, index: int, field: str) -> str:
    item = report.items.order_by("assignment__task__position")[index]
    return f"item-{item.pk}-{field}"


def make_ready(report: AgencyReport) -> None:
    """Fill only what sending requires (reporting.readiness) and the test left blank: a reason why a task
    has not started, results so far for one in progress. Progress stays as the test set it."""
    report.items.filter(progress=Progress.NOT_STARTED, difficulties="").update(difficulties="Chờ hướng dẫn.")
    report.items.filter(progress=Progress.IN_PROGRESS, results="").update(results="Đang triển khai.")


def submit_ready(*, report_id: int, **arguments) -> AgencyReport:
    """services.report_submit for tests about something else: the report is made ready to send first."""
    make_ready(AgencyReport.objects.get(pk=report_id))
    return services.report_submit(report_id=report_id, **arguments)


def submit_through_form(client, report: AgencyReport, data: dict | None = None, reply: str = ""):
    """Send as the browser does: save with "Gửi báo cáo…", then confirm. Returns the confirmation's answer."""
    make_ready(report)
    body = {**(data if data is not None else form_data(report)), "action": "review"}
    client.post(reverse("reporting:report_edit", args=[report.pk]), body)
    report.refresh_from_db()
    return client.post(
        reverse("reporting:report_confirm", args=[report.pk]), {"version": report.version, "reply": reply}
    )
