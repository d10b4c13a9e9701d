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

Names are unique too, and two files written apart may give one agency two codes (a ministry's
"Vụ Pháp chế" as VPC-BTNMT in one, VPCPL in another). An agency or group whose code is new but
whose name is already stored is that stored one: it is updated, keeps its code, and the file's
code refers to it for the rest of the file. A code and a name that point at two different stored
agencies are a conflict the administrator must resolve; the file is then refused whole.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyAlias, AgencyGroup
from plan_portal.versioning import bump_data_version
from tasks.fixture_format import FixtureShapeError, check_fixture_shape
from tasks.models import Assignment, AssignmentRole, Plan, Task, status_facts_year
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
class FileCodes:
    """Codes of the file that name an agency or group stored under another code (same name)."""

    agencies: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)

    def agency(self, code: str) -> str:
        return self.agencies.get(code, code)


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
    """Every error names the file, so a command importing several says which one was refused."""
    try:
        return import_data(data=_read_json(Path(path)))
    except PlanImportError as error:
        raise PlanImportError(f"{path}: {error}") from error


def file_error_message(error: OSError) -> str:
    """Why a file could not be read, in the user's language (the system's errno text is English)."""
    if isinstance(error, FileNotFoundError):
        return _("không có tệp này.")
    if isinstance(error, IsADirectoryError):
        return _("đây là một thư mục, không phải một tệp.")
    if isinstance(error, PermissionError):
        return _("không có quyền đọc tệp này.")
    return _("không đọc được tệp (%(error)s).") % {"error": error.strerror or error}


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM, as Notepad writes, is not an error
    except UnicodeDecodeError:
        raise PlanImportError(_("tệp JSON phải được lưu bằng mã UTF-8.")) from None
    except OSError as error:
        raise PlanImportError(file_error_message(error)) from error
    if not text.strip():
        raise PlanImportError(_("tệp rỗng."))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanImportError(
            _("không phải JSON hợp lệ (dòng %(line)d, cột %(column)d).") % {"line": error.lineno, "column": error.colno}
        ) from None


def import_data(*, data: Any) -> ImportSummary:
    """Check the shape, then write everything or nothing."""
    try:
        check_fixture_shape(data)
    except FixtureShapeError as error:
        raise PlanImportError(str(error)) from None
    try:
        return _import_data(data)
    except DatabaseError as error:
        # A last guard: a constraint this module does not check yet is refused, not a traceback.
        raise PlanImportError(
            _("dữ liệu mâu thuẫn với dữ liệu đã có nên không lưu gì (%(error)s).") % {"error": error}
        ) from error


@transaction.atomic
def _import_data(data: dict[str, Any]) -> ImportSummary:
    summary, codes = ImportSummary(), FileCodes()
    _import_agencies(data.get("agencies", []), summary, codes)
    _import_groups(data.get("groups", []), summary, codes)
    if data.get("plans"):
        resolver = _AgencyResolver(codes)
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


def _upsert(
    model: type[Model], lookup: dict[str, Any], values: dict[str, Any], summary: ImportSummary, where: str
) -> Model:
    """Create, or update only the fields whose value differs, counting what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        _check_fields(obj, where)
        obj.save()
        summary.created[model.__name__] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _check_fields(obj, where)
        obj.save(update_fields=changed)
        summary.updated[model.__name__] += 1
    return obj


def _check_fields(obj: Model, where: str) -> None:
    """Lengths, choices and formats as the admin form checks them; relations are checked by code."""
    relations = [field.name for field in obj._meta.fields if field.is_relation]
    try:
        obj.clean_fields(exclude=relations)
    except ValidationError as error:
        problems = [
            f"{obj._meta.get_field(name).verbose_name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
        raise PlanImportError(f"{where}: {'; '.join(problems)}") from None


def _stored_code(model: type[Agency] | type[AgencyGroup], spec: dict[str, Any], where: str) -> str:
    """The code the file's record is stored under: its own, or that of the stored one of its name."""
    by_code = model.objects.filter(code=spec["code"]).first()
    by_name = model.objects.filter(name=spec["name"]).first() if spec.get("name") else None
    if by_code and by_name and by_code != by_name:
        raise PlanImportError(
            _(
                "%(where)s: tên “%(name)s” đã là tên của %(other)s (mã %(other_code)s); "
                "hai bản ghi không được trùng tên. Hãy dùng mã %(other_code)s hoặc đổi tên trong tệp."
            )
            % {"where": where, "name": spec["name"], "other": by_name, "other_code": by_name.code}
        )
    stored = by_code or by_name
    if stored is None and not spec.get("name"):
        raise PlanImportError(_("%(where)s: chưa có trong danh mục nên phải có “name”.") % {"where": where})
    return stored.code if stored else spec["code"]


def _import_agencies(specs: list[dict[str, Any]], summary: ImportSummary, codes: FileCodes) -> None:
    deferred = []
    for spec in specs:
        where = _("Cơ quan %(code)s") % {"code": spec["code"]}
        values = {name: spec[name] for name in AGENCY_FIELDS if name in spec}
        parent_code = spec.get("parent")
        if "parent" in spec and not parent_code:
            values["parent"] = None
        elif parent_code:
            parent = Agency.objects.filter(code=codes.agency(parent_code)).first()
            if parent is None:
                deferred.append(spec)
            else:
                values["parent"] = parent
        stored = _stored_code(Agency, spec, where)
        if stored != spec["code"]:
            codes.agencies[spec["code"]] = stored
        agency = _upsert(Agency, {"code": stored}, values, summary, where)
        _add_aliases(spec.get("aliases", []), agency=agency)
    # A parent listed after its child is linked once every agency exists.
    for spec in deferred:
        parent = Agency.objects.filter(code=codes.agency(spec["parent"])).first()
        if parent is None:
            raise PlanImportError(
                _("Cơ quan %(code)s: không có cơ quan cấp trên mã %(parent)s")
                % {"code": spec["code"], "parent": spec["parent"]}
            )
        Agency.objects.filter(code=codes.agency(spec["code"])).update(parent=parent)


def _import_groups(specs: list[dict[str, Any]], summary: ImportSummary, codes: FileCodes) -> None:
    for spec in specs:
        where = _("Nhóm %(code)s") % {"code": spec["code"]}
        stored = _stored_code(AgencyGroup, spec, where)
        if stored != spec["code"]:
            codes.groups[spec["code"]] = stored
        created_before = summary.created["AgencyGroup"]
        group = _upsert(AgencyGroup, {"code": stored}, {"name": spec["name"]}, summary, where)
        is_new = summary.created["AgencyGroup"] > created_before
        members = {codes.agency(code): code for code in spec.get("members", [])}
        wanted = list(Agency.objects.filter(code__in=members))
        unknown = set(members.values()) - {members[agency.code] for agency in wanted}
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

    def __init__(self, codes: FileCodes | None = None) -> None:
        self.agencies = {agency.code: agency for agency in Agency.objects.all()}
        self.groups = {group.code: group for group in AgencyGroup.objects.prefetch_related("members")}
        codes = codes or FileCodes()
        self.agencies |= {code: self.agencies[stored] for code, stored in codes.agencies.items()}
        self.groups |= {code: self.groups[stored] for code, stored in codes.groups.items()}

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
    plan = _upsert(Plan, lookup, values, summary, where)
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
        where = _("%(plan)s, nhiệm vụ %(code)s") % {"plan": plan, "code": spec["code"]}
        task = _upsert(Task, {"plan": plan, "code": spec["code"]}, values, summary, where)
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
    year = status_facts_year()
    for assignment in new:
        assignment.apply_status_facts(year)
    Assignment.objects.bulk_create(new)
    summary.created["Assignment"] += len(new)
