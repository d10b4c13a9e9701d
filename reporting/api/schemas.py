"""Shapes of the API's answers (the OpenAPI schema is generated from them)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class PlanOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    title: str
    short_title: str
    supplements_id: int | None
    consolidating_agency_id: int | None
    is_active: bool


class TaskOut(Schema):
    id: int
    parent_id: int | None
    position: int
    code: str
    title: str
    is_heading: bool
    timing_kind: str
    timing_text: str
    due_on: dt.date | None
    deadline: dt.date | None
    expected_output: str  # the product or result the plan asks for ("sản phẩm / kết quả"); may be empty


class AgencyOut(Schema):
    id: int
    code: str
    name: str


class AssignmentOut(Schema):
    id: int
    task_id: int
    task_code: str
    agency: AgencyOut
    role: str
    progress: str
    percent_complete: int | None
    completed_on: dt.date | None
    status: str


class PeriodOut(Schema):
    id: int
    kind: str
    year: int
    sequence: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    submission_due_on: dt.date
    consolidated_due_on: dt.date
    state: str


class FiguresOut(Schema):
    """The figures of reporting.rollups, with the same meaning as on every page of the portal."""

    period_id: int
    owed: int
    approved: int
    on_time: int
    late: int
    missing: int = Field(description="Owed, not sent, and the submission deadline has passed.")
    not_yet_due: int = Field(description="Owed, not sent yet, and the submission deadline has not come.")
    awaiting_review: int = Field(description="Sent and waiting for the reviewer.")
    returned: int = Field(description="Returned to the agency; still counted as sent, on time or late.")
    assignment_status_counts: dict[str, int]
    reported_on_time: list[AgencyOut]
    reported_late: list[AgencyOut]
    not_reported: list[AgencyOut]
    not_yet_due_agencies: list[AgencyOut]


class ApprovedItemOut(Schema):
    agency: AgencyOut
    task_id: int
    task_code: str
    progress: str
    percent_complete: int | None
    completed_on: dt.date | None
    results: str
    difficulties: str


class Page(Schema):
    count: int
    limit: int
    offset: int


class PlanPage(Page):
    items: list[PlanOut]


class TaskPage(Page):
    items: list[TaskOut]


class AssignmentPage(Page):
    items: list[AssignmentOut]


class PeriodPage(Page):
    items: list[PeriodOut]


class ApprovedItemPage(Page):
    items: list[ApprovedItemOut]
