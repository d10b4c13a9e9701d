"""Freeze the data of a consolidated report into plain JSON.

The snapshot is taken once per build and kept on the ReportBuild, so rendering it again (after a
crash, or months later) gives the same document. Everything the renderers need is in it, already
worded in Vietnamese; they never touch the ORM. Only approved agency reports contribute.

Statuses are those at the period's cut-off from what was approved by then (reporting.progress_as_of),
so a rebuild after later approvals gives the same snapshot.

Schema 2 added these keys (schema 1's keys are unchanged; a stored schema-1 snapshot lacks them):
- header: "subject" (the trích yếu under "BÁO CÁO") is now "Kết quả thực hiện Kế hoạch số …/KH-UBND ngày
  dd/mm/yyyy của UBND tỉnh về … (6 tháng đầu năm 2019)"; "subject_line" is the same as a sentence standing
  alone, "Báo cáo kết quả thực hiện Kế hoạch số … (…)"; the pieces: "plan_number" ("" when none), "plan_issued_on"
  (dd/mm/yyyy), "plan_issuer", "plan_full_title", "plan_reference" ("Kế hoạch số … ngày … của … về …"),
  "period_label" (as inside a sentence: "năm 2019").
- tasks[] (not headings): "is_crowded" (more than CROWDED_TASK owing agencies);
  "status_groups": [{"status", "status_label", "count", "agencies": [names], "not_reported_agencies": [names]}],
  every owing agency under its status, in `Status` order, count == len(agencies) and the counts are
  those of "status_breakdown"; "result_groups": [{"text", "agencies": [names]}], identical result texts
  (`same_text_key`) once with every agency that reported them.
- tasks[].contributions[]: "results_full" (the approved text whole; "results" stays shortened),
  "difficulties" (the item's own, whole). "evidence" was already complete.
- "difficulties_merged", "proposals_merged": [{"text", "agencies": [names], "tasks": [codes]}], each
  distinct text once (`same_text_key`), report-wide ones with no task code, in the order first raised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.utils import translation

from agencies.models import Agency
from reporting.models import AgencyReport, ConsolidatedReport, ReportItem, ReportState
from reporting.progress_as_of import status_counts_as_of, statuses_as_of
from reporting.rollups import OwingRow, completeness_of, counted_reports, owing_rows
from tasks.models import REPORTING_ROLES, Assignment, AssignmentRole, Task
from tasks.succession import assignments_as_of, row_key_of
from tasks.timing import Status

SCHEMA_VERSION = 2  # see the docstring for what 2 added; renderers read 1's keys unchanged
RESULTS_MAX_CHARS = 600
# A task carried by many agencies (a whole group) gets shorter lines per agency.
RESULTS_MAX_CHARS_CROWDED = 240
CROWDED_TASK = 8
NOT_REPORTED = "not_reported"
COORDINATING = "coordinating"

ABBREVIATIONS = {
    Status.COMPLETED_ON_TIME: "HT",
    Status.COMPLETED_LATE: "HTQ",
    Status.IN_PROGRESS_ON_TIME: "ĐTH",
    Status.IN_PROGRESS_OVERDUE: "QH",
    Status.DUE_SOON: "SĐH",
    Status.NOT_STARTED: "CTH",
    Status.WAITING_TRIGGER: "CĐK",
    Status.NO_DEADLINE: "KTH",
    NOT_REPORTED: "CBC",
    COORDINATING: "PH",
}


def build_snapshot(report: ConsolidatedReport) -> dict:
    """Everything the document shows, as JSON-serialisable data, worded in Vietnamese."""
    with translation.override("vi"):
        return _build(report)


def _build(report: ConsolidatedReport) -> dict:
    period = report.period
    plan = period.plan
    consolidating = _agency_with_parent(plan.consolidating_agency_id)
    tasks = list(plan.tasks.order_by("position"))
    assignments = list(Assignment.objects.filter(task__plan_id=plan.pk).select_related("agency", "via_group"))
    # Successions after the period do not rename who owed what in it.
    assignments = assignments_as_of(assignments, period.ends_on)
    # A task's agencies in the registry's order, as they stood: a report rebuilt after a succession
    # lists them as the first build did.
    position = {task.pk: task.position for task in tasks}
    assignments.sort(key=lambda a: (position[a.task_id], a.agency.position, a.agency.name, abs(a.pk)))
    approved = _approved_reports(period)
    items = _approved_items(approved, row_key_of(assignments))
    outcome = _classify(assignments, tasks, as_of=period.ends_on)
    owing = owing_rows(period)  # a merged agency's row counts its predecessor's report (see reporting.rollups)
    counted = counted_reports(period, owing)
    return {
        "schema": SCHEMA_VERSION,
        "header": _header(report, consolidating, plan, period),
        "period": {
            "kind": period.kind,
            "label": period.label,
            "year": period.year,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "submission_due_on": period.submission_due_on.isoformat(),
            "request_text": period.request_text,
        },
        "plan": {"number": plan.number, "issued_on": plan.issued_on.isoformat(), "title": plan.title},
        "situation": _situation(owing, counted),
        "tasks": _task_sections(tasks, assignments, items, outcome),
        "status_summary": _status_summary(outcome),
        "difficulties": _attributed(approved, items, "difficulties"),
        "proposals": _attributed(approved, {}, "proposals"),
        "difficulties_merged": _merged(approved, items, "difficulties"),
        "proposals_merged": _merged(approved, {}, "proposals"),
        "narrative": {
            "overall_assessment": report.overall_assessment,
            "shortcomings": report.shortcomings,
            "difficulties_and_proposals": report.difficulties_and_proposals,
            "next_period_direction": report.next_period_direction,
        },
        "signature": {
            "authority": report.signer_authority,
            "title": report.signer_title,
            "name": report.signer_name,
        },
        "recipients": recipient_lines(report.recipients_text, consolidating.code if consolidating else ""),
        "annex": _annex(tasks, assignments, items, outcome),
        "non_reporting": _non_reporting(owing, counted),
        "abbreviations": [
            {"status": str(status), "code": code, "label": _status_label(status)}
            for status, code in ABBREVIATIONS.items()
        ],
    }


def _agency_with_parent(agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    return Agency.objects.select_related("parent").get(pk=agency_id)


def _approved_reports(period) -> list[AgencyReport]:
    return list(
        AgencyReport.objects.filter(period=period, state=ReportState.APPROVED)
        .select_related("agency")
        .order_by("agency__position", "agency__name")
    )


def _approved_items(approved: list[AgencyReport], row_key) -> dict[int, ReportItem]:
    """The approved item of each assignment row for the period, keyed by its row (`row_key_of`)."""
    if not approved:
        return {}
    items = (
        ReportItem.objects.filter(report__in=[report.pk for report in approved])
        .select_related("report__agency", "assignment__task")
        .prefetch_related("evidence")
    )
    return {row_key(item.assignment_id, item.report.agency_id): item for item in items}


# -- header ---------------------------------------------------------------------------------


def parent_body_name(agency: Agency | None) -> str:
    """ "UBND TỈNH BẾN TRE" from the consolidating agency's parent, or from its place name."""
    if agency is None:
        return ""
    if agency.parent is not None:
        name = re.sub(r"^(Ủy|Uỷ) ban nhân dân", "UBND", agency.parent.name.strip(), flags=re.IGNORECASE)
        return name.upper()
    if agency.place_name:
        return f"UBND TỈNH {agency.place_name.upper()}"
    return ""


def date_line(place: str, day: dt.date | None, *, fallback_year: int) -> str:
    """Decree 30/2020: a leading zero for days under 10 and for months 1 and 2."""
    prefix = f"{place}, " if place else ""
    if day is None:
        return f"{prefix}ngày      tháng      năm {fallback_year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str) -> str:
    number = number.strip()
    if not number or number.startswith("/"):
        return f"Số:        {number}"
    return f"Số: {number}"


def _header(report, consolidating, plan, period) -> dict:
    place = consolidating.place_name if consolidating else ""
    issuer = plan.issuer.short_name or plan.issuer.name
    reference = plan_reference(plan.number, plan.issued_on, issuer, plan.title)
    return {
        "parent_body": parent_body_name(consolidating),
        "issuing_body": (consolidating.name.upper() if consolidating else ""),
        "issuing_body_name": consolidating.name if consolidating else "",
        "place_name": place,
        "number": report.number,
        "number_line": number_line(report.number),
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "date_line": date_line(place, report.issued_on, fallback_year=period.consolidated_due_on.year),
        # The trích yếu printed under "BÁO CÁO": the two read "Báo cáo kết quả thực hiện Kế hoạch số …".
        "subject": f"Kết quả thực hiện {reference} ({mid_sentence(period.label)})",
        "plan_title": plan.short_title or plan.title,
        # schema 2: the pieces of the subject line, for an opening sentence that cites the plan
        "plan_number": plan.number,
        "plan_issued_on": f"{plan.issued_on:%d/%m/%Y}",
        "plan_issuer": issuer,
        "plan_full_title": _one_line(plan.title),
        "plan_reference": reference,
        "subject_line": f"Báo cáo kết quả thực hiện {reference} ({mid_sentence(period.label)})",
        "period_label": mid_sentence(period.label),
    }


def plan_reference(number: str, issued_on: dt.date, issuer: str, title: str) -> str:
    """ "Kế hoạch số 4447/KH-UBND ngày 24/9/2018 của UBND tỉnh về …"; a plan without number omits "số …"."""
    reference = "Kế hoạch"
    if number.strip():
        reference += f" số {number.strip()}"
    reference += f" ngày {issued_on:%d/%m/%Y} của {issuer}"
    if title := _one_line(title):
        reference += f" về {mid_sentence(title)}"
    return reference


def mid_sentence(text: str) -> str:
    """ "Năm 2019" → "năm 2019" inside a sentence; an acronym ("UBND …") keeps its capitals."""
    text = _one_line(text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# -- reporting situation --------------------------------------------------------------------


def _situation(owing: list[OwingRow], counted: dict[int, AgencyReport]) -> dict:
    figures = completeness_of(owing, counted)
    sent = sorted(
        (report for report in counted.values() if report.first_submitted_at is not None),
        key=lambda report: (report.agency.position, report.agency.name),
    )
    missing = Agency.objects.filter(pk__in=figures.missing_agency_ids).order_by("position", "name")
    return {
        "owed": figures.owed,
        "on_time": figures.on_time,
        "late": figures.late,
        "not_at_all": figures.missing,
        "approved": figures.approved,
        "on_time_agencies": [r.agency.name for r in sent if not r.is_late],
        "late_agencies": [r.agency.name for r in sent if r.is_late],
        "missing_agencies": [agency.name for agency in missing],
    }


# -- classification -------------------------------------------------------------------------


def _classify(assignments, tasks, *, as_of: dt.date) -> dict[int, str]:
    """Status of each owing assignment row at the period's cut-off, from what was known then.

    The rule (reporting.progress_as_of): the latest approved item of a period ending by the cut-off,
    else not started. An agency that did not report in this period keeps its earlier approved
    progress but is marked not reported in the annex.
    """
    return statuses_as_of(assignments, {task.pk: task.timing for task in tasks}, as_of)


def _status_label(code: str) -> str:
    if code == NOT_REPORTED:
        return "Chưa báo cáo"
    if code == COORDINATING:
        return "Phối hợp"
    return str(Status(code).label)


def _status_summary(outcome: dict[int, str]) -> list[dict]:
    counts = status_counts_as_of(outcome)  # the API's period figures count with the same function
    shown = [s for s in Status if s != Status.DUE_SOON]
    return [{"code": s.value, "label": str(s.label), "count": counts[s.value]} for s in shown]


# -- results per task -----------------------------------------------------------------------


def condense(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _task_sections(tasks, assignments, items, outcome) -> list[dict]:
    by_task = defaultdict(list)
    for assignment in assignments:
        by_task[assignment.task_id].append(assignment)
    return [_task_section(task, by_task[task.pk], items, outcome) for task in tasks]


def _task_section(task: Task, assignments: list[Assignment], items, outcome) -> dict:
    section = {
        "code": task.code,
        "title": task.title,
        "text": task.full_text or task.title,
        "is_heading": task.is_heading,
        "depth": task.depth,
    }
    if task.is_heading:
        return section
    leads = [a for a in assignments if a.role == AssignmentRole.LEAD]
    owing = [a for a in assignments if a.role in REPORTING_ROLES]
    crowded = len(owing) > CROWDED_TASK
    limit = RESULTS_MAX_CHARS_CROWDED if crowded else RESULTS_MAX_CHARS
    lead_status = outcome.get(leads[0].pk) if leads else None
    reported = [a for a in owing if a.pk in items]
    section.update(
        lead=", ".join(a.agency.name for a in leads) or _groups_text(task, assignments),
        coordinating=", ".join(a.agency.name for a in assignments if a.role == AssignmentRole.COORDINATING),
        timing_text=task.timing_text,
        status=lead_status or "",
        status_label=_status_label(lead_status) if lead_status else "",
        status_breakdown=_breakdown([outcome[a.pk] for a in owing]),
        contributions=[_contribution(a, items[a.pk], outcome[a.pk], limit) for a in reported],
        not_reported=[a.agency.name for a in owing if a.pk not in items],
        is_crowded=crowded,
        status_groups=_status_groups(owing, items, outcome),
        result_groups=_result_groups(reported, items),
    )
    return section


def _status_groups(owing: list[Assignment], items, outcome) -> list[dict]:
    """Every owing agency under its status at the cut-off, in the order of `Status`: counts agree with the lists."""
    by_status: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in owing:
        by_status[outcome[assignment.pk]].append(assignment)
    return [
        {
            "status": status.value,
            "status_label": str(status.label),
            "count": len(by_status[status.value]),
            "agencies": [a.agency.name for a in by_status[status.value]],
            "not_reported_agencies": [a.agency.name for a in by_status[status.value] if a.pk not in items],
        }
        for status in Status
        if by_status[status.value]
    ]


def _result_groups(reported: list[Assignment], items) -> list[dict]:
    """Identical result texts (after whitespace and case) once, with every agency that reported them."""
    groups: dict[str, dict] = {}
    for assignment in reported:
        text = items[assignment.pk].results.strip()
        if text:
            group = groups.setdefault(same_text_key(text), {"text": text, "agencies": []})
            group["agencies"].append(assignment.agency.name)
    return list(groups.values())


def same_text_key(text: str) -> str:
    """Two texts that differ only in spacing, case or a closing full stop are the same entry."""
    return re.sub(r"\s+", " ", text).strip().rstrip(" .;").casefold()


def _groups_text(task: Task, assignments: list[Assignment]) -> str:
    groups = sorted({a.via_group.name for a in assignments if a.via_group is not None})
    return ", ".join(groups) or task.unnamed_parties


def _breakdown(codes: list[str]) -> list[dict]:
    counts = defaultdict(int)
    for code in codes:
        counts[code] += 1
    return [{"code": s.value, "label": str(s.label), "count": counts[s.value]} for s in Status if counts[s.value]]


def _contribution(assignment: Assignment, item: ReportItem, status: str, limit: int) -> dict:
    return {
        "agency": assignment.agency.name,
        "role": str(AssignmentRole(assignment.role).label),
        "progress": str(item.get_progress_display()),
        "percent": item.percent_complete,
        "completed_on": item.completed_on.strftime("%d/%m/%Y") if item.completed_on else "",
        "results": condense(item.results, limit),
        "results_full": item.results.strip(),  # schema 2: never shortened
        "difficulties": item.difficulties.strip(),
        "status": status,
        "status_label": _status_label(status),
        "evidence": [
            {
                "number": doc.number,
                "issued_on": doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else "",
                "title": doc.title,
            }
            for doc in item.evidence.all()
        ],
    }


# -- difficulties, proposals ----------------------------------------------------------------


def _attributed(approved: list[AgencyReport], items: dict[int, ReportItem], field: str) -> list[dict]:
    """Report-wide text of each agency, then item-level text with its tasks, each with its author.

    An agency repeating the same sentence on several tasks is listed once, with the task codes.
    """
    entries = [{"agency": r.agency.name, "task": "", "text": getattr(r, field).strip()} for r in approved]
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in sorted(items.values(), key=lambda i: (i.report.agency.position, i.report.agency.name, i.pk)):
        text = getattr(item, field).strip()
        if text:
            grouped.setdefault((item.report.agency.name, text), []).append(item.assignment.task.code)
    entries += [{"agency": agency, "task": ", ".join(codes), "text": text} for (agency, text), codes in grouped.items()]
    return [entry for entry in entries if entry["text"]]


def _merged(approved: list[AgencyReport], items: dict[int, ReportItem], field: str) -> list[dict]:
    """Each distinct text once (see `same_text_key`) with the agencies that raised it and the tasks it was
    raised on ("" for the report-wide text), in the order first raised."""
    raised = [(r.agency.name, "", getattr(r, field)) for r in approved]
    ordered = sorted(items.values(), key=lambda i: (i.report.agency.position, i.report.agency.name, i.pk))
    raised += [(i.report.agency.name, i.assignment.task.code, getattr(i, field)) for i in ordered]
    merged: dict[str, dict] = {}
    for agency, task, text in raised:
        if not (text := text.strip()):
            continue
        entry = merged.setdefault(same_text_key(text), {"text": text, "agencies": [], "tasks": []})
        if agency not in entry["agencies"]:
            entry["agencies"].append(agency)
        if task and task not in entry["tasks"]:
            entry["tasks"].append(task)
    return list(merged.values())


# -- annex ----------------------------------------------------------------------------------


def _annex(tasks, assignments, items, outcome) -> dict:
    """Agency × task matrix of status abbreviations; rows are agencies holding any assignment."""
    columns = [task for task in tasks if not task.is_heading]
    column_index = {task.pk: index for index, task in enumerate(columns)}
    rows: dict[int, dict] = {}
    for assignment in sorted(assignments, key=lambda a: (a.agency.position, a.agency.name)):
        row = rows.setdefault(assignment.agency_id, {"agency": assignment.agency.name, "cells": [""] * len(columns)})
        if assignment.task_id not in column_index:
            continue
        if assignment.role == AssignmentRole.COORDINATING:
            code = COORDINATING
        elif assignment.pk not in items:
            code = NOT_REPORTED
        else:
            code = outcome[assignment.pk]
        row["cells"][column_index[assignment.task_id]] = code
    return {"tasks": [{"code": task.code, "title": task.title} for task in columns], "rows": list(rows.values())}


def _non_reporting(owing: list[OwingRow], counted: dict[int, AgencyReport]) -> list[dict]:
    """Owing agencies whose counted report is not approved, in the registry's order, with why."""
    reasons = {
        ReportState.SUBMITTED: "Đã gửi, đang chờ thẩm định",
        ReportState.RETURNED: "Bị trả lại, chưa gửi lại",
    }
    pending = {row.agency_id for row in owing} - {
        agency_id for agency_id, report in counted.items() if report.state == ReportState.APPROVED
    }
    agencies = Agency.objects.filter(pk__in=pending).order_by("position", "name")
    return [
        {
            "agency": agency.name,
            "reason": reasons.get(counted[agency.pk].state if agency.pk in counted else None, "Chưa gửi báo cáo"),
        }
        for agency in agencies
    ]


def recipient_lines(text: str, consolidating_code: str) -> list[str]:
    """One line per recipient, each "- …"; the list always ends with the archive line."""
    lines = [line.strip().lstrip("-–•").strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not any(line.lower().startswith("lưu") for line in lines):
        lines.append(f"Lưu: VT, {consolidating_code}." if consolidating_code else "Lưu: VT.")
    archive = [line for line in lines if line.lower().startswith("lưu")]
    others = [line for line in lines if not line.lower().startswith("lưu")]
    return [f"- {line}" for line in others + archive[-1:]]
