"""Data builders for the plan, task and agency page tests: one plan shaped like the seed plan."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from agencies.models import Agency
from tasks.models import AssignmentRole, Plan, Task
from tasks.timing import Progress, TimingKind
from tests.factories import AgencyFactory, AssignmentFactory, PlanFactory, TaskFactory

# The day the page tests look at the data from (statuses depend on it).
TODAY = dt.date(2019, 3, 1)


def build_plan(*, scale: int = 1, plan: Plan | None = None, lead: Agency | None = None) -> Plan:
    """A plan with a heading and `3 * scale` tasks, each with a lead, a coordinating agency and
    `3 * scale` implementing agencies; one task completed, one waiting for its trigger."""
    plan = plan or PlanFactory()
    offset = plan.tasks.count()
    heading = TaskFactory(
        plan=plan, code=f"H{offset}", position=offset + 1, title="Đề mục", is_heading=True, timing_text=""
    )
    implementers = [AgencyFactory() for _ in range(3 * scale)]
    for index in range(3 * scale):
        task = TaskFactory(plan=plan, parent=heading, position=offset + index + 2, code=f"H{offset}.{index + 1}")
        AssignmentFactory(task=task, agency=lead or AgencyFactory(), role=AssignmentRole.LEAD)
        AssignmentFactory(task=task, role=AssignmentRole.COORDINATING)
        for agency in implementers:
            AssignmentFactory(task=task, agency=agency, role=AssignmentRole.IMPLEMENTING)
    return plan


def waiting_task(plan: Plan, **kwargs) -> Task:
    return TaskFactory(
        plan=plan,
        timing_kind=TimingKind.AFTER_EVENT,
        timing_text="sau khi có hướng dẫn của Trung ương",
        trigger_description="Trung ương ban hành hướng dẫn",
        due_on=None,
        **kwargs,
    )


def complete(assignment, on: dt.date) -> None:
    assignment.progress = Progress.COMPLETED
    assignment.completed_on = on
    assignment.save()


def page_text(response) -> str:
    """What a reader sees: the page's text without tags, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
