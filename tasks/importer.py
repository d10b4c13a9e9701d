"""Import agencies, agency groups and plans from our readable JSON format (see fixtures/).

A file may hold any of three top-level lists:

- ``agencies``: ``{"code", "name", "short_name", "kind", "parent", "place_name", "email", "position", "is_active"}``
- ``groups``: ``{"code", "name", "members": [agency codes]}``
- ``plans``: a plan header and its ``tasks`` tree; a task names its agencies per role (``lead``,
  ``coordinating``, ``implementing``) by agency code, or a whole group as ``"group:<code>"``.

Natural keys make the import idempotent: agency and group code, plan number + issue date + issuer,
task code within its plan, one assignment per task and agency. A second run changes nothing; the
import never deletes anything, so progress, recorded triggers and admin additions survive it.
Only keys present in the file are written, so fields an administrator filled in (an agency's email,
a triggering document) are left alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyAlias, AgencyGroup
from plan_portal.versioning import bump_data_version
from tasks.models import Assignment, AssignmentRole, Plan, Task
from tasks.timing import TimingKind

GROUP_PREFIX = "group:"
AGENCY_FIELDS = ("name", "short_name", "kind", "place_name", "email", "position", "is_active")
PLAN_TEXT_FIELDS = ("title", "short_title", "legal_basis", "is_active")
REPORTING_FIELDS = {
    "semiannual": "reports_semiannual",
    "annual": "reports_annual",
    "quarterly": "reports_quarterly",
    "ad_hoc": "reports_ad_hoc",
    "monthly": "reports_monthly",
    "due_day": "report_due_day",
    "annual_due_day": "annual_report_due_day",
    "annual_due_month": "annual_report_due_month",
    "text": "reporting_schedule_text",
    "data_cutoff_day": "data_cutoff_day",
}
# An agency named twice in one task keeps its first role in this order; named beats via a group.
ROLE_ORDER = (AssignmentRole.LEAD, AssignmentRole.IMPLEMENTING, AssignmentRole.COORDINATING)
# Positions are unique per plan, so reordering goes through a range no real plan reaches.
POSITION_SHIFT = 1_000_000


class PlanImportError(Exception):
    """The file cannot be imported as it stands; nothing was written."""


@dataclass
class ImportSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated)

    def __str__(self) -> str:
        labels = {
            "Agency": _("cơ quan"),
            "AgencyGroup": _("nhóm cơ quan"),
            "Plan": _("kế hoạch"),
            "Task": _("nhiệm vụ"),
            "Assignment": _("phân công"),
        }
        return "; ".join(
            _("%(label)s: thêm %(created)d, cập nhật %(updated)d")
            % {"label": label, "created": self.created[key], "updated": self.updated[key]}
            for key, label in labels.items()
        )


def import_file(*, path: str | Path) -> ImportSummary:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise PlanImportError(_("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error}) from error
    return import_data(data=data)


@transaction.atomic
def import_data(*, data: dict[str, Any]) -> ImportSummary:
    summary = ImportSummary()
    _import_agencies(data.get("agencies", []), summary)
    _import_groups(data.get("groups", []), summary)
    if data.get("plans"):
        resolver = _AgencyResolver()
        for spec in data["plans"]:
            _import_plan(spec, resolver, summary)
    bump_data_version()  # bulk inserts and position updates send no signals
    return summary


@transaction.atomic
def import_plan(*, spec: dict[str, Any]) -> Plan:
    """One plan in the format of a fixture's "plans" entry; its agencies must exist."""
    plan = _import_plan(spec, _AgencyResolver(), ImportSummary())
    bump_data_version()
    return plan


def _upsert(model: type[Model], lookup: dict[str, Any], values: dict[str, Any], summary: ImportSummary) -> Model:
    """Create, or update only the fields whose value differs, counting what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        summary.created[model.__name__] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        summary.updated[model.__name__] += 1
    return obj


def _import_agencies(specs: list[dict[str, Any]], summary: ImportSummary) -> None:
    deferred = []
    for spec in specs:
        values = {name: spec[name] for name in AGENCY_FIELDS if name in spec}
        parent_code = spec.get("parent")
        if "parent" in spec and not parent_code:
            values["parent"] = None
        elif parent_code:
            parent = Agency.objects.filter(code=parent_code).first()
            if parent is None:
                deferred.append(spec)
            else:
                values["parent"] = parent
        agency = _upsert(Agency, {"code": spec["code"]}, values, summary)
        _add_aliases(spec.get("aliases", []), agency=agency)
    # A parent listed after its child is linked once every agency exists.
    for spec in deferred:
        parent = Agency.objects.filter(code=spec["parent"]).first()
        if parent is None:
            raise PlanImportError(
                _("Cơ quan %(code)s: không có cơ quan cấp trên mã %(parent)s")
                % {"code": spec["code"], "parent": spec["parent"]}
            )
        Agency.objects.filter(code=spec["code"]).update(parent=parent)


def _import_groups(specs: list[dict[str, Any]], summary: ImportSummary) -> None:
    for spec in specs:
        created_before = summary.created["AgencyGroup"]
        group = _upsert(AgencyGroup, {"code": spec["code"]}, {"name": spec["name"]}, summary)
        is_new = summary.created["AgencyGroup"] > created_before
        wanted = list(Agency.objects.filter(code__in=spec.get("members", [])))
        unknown = set(spec.get("members", [])) - {agency.code for agency in wanted}
        if unknown:
            raise PlanImportError(
                _("Nhóm %(code)s: không có cơ quan mã %(codes)s")
                % {"code": spec["code"], "codes": ", ".join(sorted(unknown))}
            )
        _add_aliases(spec.get("aliases", []), group=group)
        # Additive: a member an administrator added stays.
        current = set(group.members.values_list("pk", flat=True))
        missing = [agency for agency in wanted if agency.pk not in current]
        if missing:
            group.members.add(*missing)
            summary.updated["AgencyGroup"] += 0 if is_new else 1


def _add_aliases(names: list[str], *, agency: Agency | None = None, group: AgencyGroup | None = None) -> None:
    """Additive like group members; an alias already naming something else is an error, not a move."""
    owner = {"agency": agency} if agency else {"group": group}
    for name in names:
        alias, _created = AgencyAlias.objects.get_or_create(name=name, defaults=owner)
        if (alias.agency_id, alias.group_id) != (agency and agency.pk, group and group.pk):
            raise PlanImportError(
                _("Tên gọi “%(name)s” đã dùng cho %(other)s") % {"name": name, "other": alias.agency or alias.group}
            )


class _AgencyResolver:
    """Agency and group codes to rows, loaded once per import."""

    def __init__(self) -> None:
        self.agencies = {agency.code: agency for agency in Agency.objects.all()}
        self.groups = {group.code: group for group in AgencyGroup.objects.prefetch_related("members")}

    def agency(self, code: str, where: str) -> Agency:
        try:
            return self.agencies[code]
        except KeyError:
            raise PlanImportError(
                _("%(where)s: không có cơ quan mã %(code)s") % {"where": where, "code": code}
            ) from None

    def expand(self, ref: str, where: str) -> tuple[list[Agency], AgencyGroup | None]:
        if not ref.startswith(GROUP_PREFIX):
            return [self.agency(ref, where)], None
        code = ref.removeprefix(GROUP_PREFIX)
        if code not in self.groups:
            raise PlanImportError(_("%(where)s: không có nhóm cơ quan mã %(code)s") % {"where": where, "code": code})
        group = self.groups[code]
        return list(group.members.all()), group


def _date(value: str | None, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlanImportError(
            _("%(where)s: “%(value)s” không phải ngày (YYYY-MM-DD)") % {"where": where, "value": value}
        ) from None


def _find_plan(ref: dict[str, Any], where: str) -> Plan:
    plan = Plan.objects.filter(number=ref["number"], issued_on=_date(ref["issued_on"], where)).first()
    if plan is None:
        raise PlanImportError(
            _("%(where)s: chưa có kế hoạch %(number)s ngày %(date)s")
            % {"where": where, "number": ref["number"], "date": ref["issued_on"]}
        )
    return plan


def _import_plan(spec: dict[str, Any], resolver: _AgencyResolver, summary: ImportSummary) -> Plan:
    where = _("Kế hoạch %(number)s ngày %(date)s") % {
        "number": spec.get("number") or "…",
        "date": spec.get("issued_on"),
    }
    lookup = {
        "number": spec.get("number", ""),
        "issued_on": _date(spec["issued_on"], where),
        "issuer": resolver.agency(spec["issuer"], where),
    }
    values = {name: spec[name] for name in PLAN_TEXT_FIELDS if name in spec}
    for key in ("consolidating_agency", "recipient"):
        if key in spec:
            values[key] = resolver.agency(spec[key], where) if spec[key] else None
    if "supplements" in spec:
        values["supplements"] = _find_plan(spec["supplements"], where) if spec["supplements"] else None
    if "recipients" in spec:
        values["recipients_text"] = "\n".join(spec["recipients"])
    for key, field_name in REPORTING_FIELDS.items():
        if key in spec.get("reporting", {}):
            values[field_name] = spec["reporting"][key]
    plan = _upsert(Plan, lookup, values, summary)
    _import_tasks(plan, spec.get("tasks", []), resolver, summary)
    return plan


def _flatten(specs: list[dict[str, Any]], parent_code: str | None = None):
    for spec in specs:
        yield spec, parent_code
        yield from _flatten(spec.get("children", []), spec["code"])


def _import_tasks(plan: Plan, tree: list[dict[str, Any]], resolver: _AgencyResolver, summary: ImportSummary) -> None:
    flat = list(_flatten(tree))
    codes = [spec["code"] for spec, _ in flat]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise PlanImportError(
            _("%(plan)s: số hiệu nhiệm vụ bị trùng: %(codes)s") % {"plan": plan, "codes": ", ".join(sorted(duplicates))}
        )
    _make_room_for_positions(plan, codes)
    by_code: dict[str, Task] = {}
    for position, (spec, parent_code) in enumerate(flat, start=1):
        values = _task_values(spec, plan)
        values.update(position=position, parent=by_code[parent_code] if parent_code else None)
        task = _upsert(Task, {"plan": plan, "code": spec["code"]}, values, summary)
        by_code[spec["code"]] = task
        if not task.is_heading:
            _import_assignments(task, spec, resolver, summary)
        elif any(spec.get(role) for role in ROLE_ORDER):
            raise PlanImportError(
                _("%(plan)s, đề mục %(code)s: đề mục không được giao cho cơ quan nào")
                % {"plan": plan, "code": spec["code"]}
            )


def _make_room_for_positions(plan: Plan, codes: list[str]) -> None:
    """Move tasks whose position would change out of the way; tasks not in the file go after the file's."""
    existing = dict(Task.objects.filter(plan=plan).values_list("code", "position"))
    wanted = {code: position for position, code in enumerate(codes, start=1)}
    in_place = all(
        wanted[code] == position if code in wanted else position > len(codes) for code, position in existing.items()
    )
    if in_place:
        return
    Task.objects.filter(plan=plan).update(position=F("position") + POSITION_SHIFT)
    extra = Task.objects.filter(plan=plan).exclude(code__in=codes).order_by("position")
    for offset, task in enumerate(extra, start=len(codes) + 1):
        task.position = offset
        task.save(update_fields=["position"])


def _task_values(spec: dict[str, Any], plan: Plan) -> dict[str, Any]:
    where = _("%(plan)s, nhiệm vụ %(code)s") % {"plan": plan, "code": spec["code"]}
    values = {
        "title": spec["title"],
        "full_text": spec.get("full_text", ""),
        "expected_output": spec.get("expected_output", ""),
        "is_heading": bool(spec.get("heading", False)),
        "unnamed_parties": spec.get("unnamed_parties", ""),
    }
    timing = spec.get("timing", {"kind": TimingKind.UNSPECIFIED})
    if timing["kind"] not in TimingKind.values:
        raise PlanImportError(
            _("%(where)s: loại thời hạn không hợp lệ %(kind)s") % {"where": where, "kind": timing["kind"]}
        )
    values.update(
        timing_kind=timing["kind"],
        timing_text=timing.get("text", ""),
        starts_on=_date(timing.get("starts_on"), where),
        due_on=_date(timing.get("due_on"), where),
        trigger_description=timing.get("trigger", ""),
    )
    # What a reviewer records once the event happens is kept unless the file states it.
    for key in ("yearly_due_day", "yearly_due_month"):
        values[key] = timing.get(key)
    if "days_after_trigger" in timing:
        values["days_after_trigger"] = timing["days_after_trigger"]
    return values


def _wanted_assignments(task: Task, spec: dict[str, Any], resolver: _AgencyResolver):
    """(agency, role, via_group) per agency, named agencies before group members, by ROLE_ORDER."""
    where = _("%(plan)s, nhiệm vụ %(code)s") % {"plan": task.plan, "code": task.code}
    named, via_groups = [], []
    for role in ROLE_ORDER:
        for ref in spec.get(role, []):
            agencies, group = resolver.expand(ref, where)
            (via_groups if group else named).extend((agency, role, group) for agency in agencies)
    wanted = {}
    for agency, role, group in named + via_groups:
        wanted.setdefault(agency.pk, (agency, role, group))
    return list(wanted.values())


def _import_assignments(task: Task, spec: dict[str, Any], resolver: _AgencyResolver, summary: ImportSummary) -> None:
    existing = {assignment.agency_id: assignment for assignment in task.assignments.all()}
    new = []
    for agency, role, group in _wanted_assignments(task, spec, resolver):
        assignment = existing.get(agency.pk)
        if assignment is None:
            new.append(Assignment(task=task, agency=agency, role=role, via_group=group))
        elif (assignment.role, assignment.via_group_id) != (role, group.pk if group else None):
            # Only who does what is corrected; the agency's progress stays as reported.
            assignment.role, assignment.via_group = role, group
            assignment.save(update_fields=["role", "via_group"])
            summary.updated["Assignment"] += 1
    Assignment.objects.bulk_create(new)
    summary.created["Assignment"] += len(new)
