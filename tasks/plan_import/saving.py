"""A checked proposal -> a saved Plan, through the same importer as the fixtures (one way in)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind
from tasks.importer import PlanImportError, import_plan
from tasks.models import Plan
from tasks.plan_import.proposal import PartyList, PartyMatch, PlanProposal, TaskProposal
from tasks.timing import TimingKind

ROLES = ("lead", "coordinating", "implementing")
CODE_LIMIT = 30
TITLE_LIMIT = 500
UNNAMED_LIMIT = 255
NAME_LIMIT = 255


class ProposalError(Exception):
    """The proposal cannot be saved as it stands; nothing was written. One message per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def unknown_parties(proposal: PlanProposal) -> list[PartyMatch]:
    """Parties the registry does not know, the first of each written name, in document order.

    The issuer and the consolidating agency count; the report's recipient does not (it falls
    back to the issuer when it names no agency, such as "Bộ trưởng").
    """
    found: dict[str, PartyMatch] = {}
    for party in _creatable_parties(proposal):
        if not party.matched and party.written:
            found.setdefault(party.written, party)
    return list(found.values())


def unknown_party_names(proposal: PlanProposal) -> list[str]:
    return [party.written for party in unknown_parties(proposal)]


def _creatable_parties(proposal: PlanProposal) -> Iterator[PartyMatch]:
    for party in (proposal.header.issuer, proposal.reporting.consolidator):
        if party is not None:
            yield party
    for task in proposal.tasks:
        for role in ROLES:
            yield from getattr(task, role).parties


def existing_plan(proposal: PlanProposal) -> Plan | None:
    header = proposal.header
    if header.issued_on is None or header.issuer is None or not header.issuer.agency:
        return None
    return Plan.objects.filter(
        number=header.number, issued_on=header.issued_on, issuer__code=header.issuer.agency
    ).first()


def problems(proposal: PlanProposal, new_agency_kinds: dict[str, str] | None = None) -> list[str]:
    """Everything that stops saving, in the user's language."""
    new_agency_kinds = new_agency_kinds or {}
    found = _header_problems(proposal)
    codes: set[str] = set()
    for task in proposal.tasks:
        found += _task_problems(task, codes)
        codes.add(task.code)
    for name in unknown_party_names(proposal):
        if len(name) > NAME_LIMIT:
            found.append(
                _("Tên cơ quan “%(name)s…” dài quá %(limit)d ký tự: hãy sửa lại cho đúng tên cơ quan.")
                % {"name": name[:60], "limit": NAME_LIMIT}
            )
        elif new_agency_kinds.get(name) not in AgencyKind.values:
            found.append(
                _("“%(name)s” chưa có trong danh mục cơ quan: chọn tạo mới, sửa tên cho đúng hoặc thêm tên gọi khác.")
                % {"name": name}
            )
    return found


def _header_problems(proposal: PlanProposal) -> list[str]:
    header, found = proposal.header, []
    if header.issued_on is None:
        found.append(_("Chưa có ngày ban hành."))
    if header.issuer is None or not (header.issuer.agency or header.issuer.written):
        found.append(_("Chưa chọn cơ quan ban hành."))
    if not header.title.strip():
        found.append(_("Chưa có trích yếu."))
    if not any(not task.heading for task in proposal.tasks):
        found.append(_("Kế hoạch chưa có nhiệm vụ nào."))
    if (plan := existing_plan(proposal)) is not None:
        found.append(_("Kế hoạch này đã có trong cổng: %(plan)s.") % {"plan": plan})
    return found


def _task_problems(task: TaskProposal, earlier_codes: set[str]) -> list[str]:
    label = task.code or task.title[:40]
    found = []
    if not task.code.strip() or len(task.code) > CODE_LIMIT or " " in task.code:
        found.append(_("Nhiệm vụ “%(task)s”: số hiệu phải có, không dấu cách, tối đa 30 ký tự.") % {"task": label})
    elif task.code in earlier_codes:
        found.append(_("Số hiệu %(code)s dùng cho hai dòng.") % {"code": task.code})
    elif task.parent_code and task.parent_code not in earlier_codes:
        found.append(
            _("Nhiệm vụ %(code)s: không có mục %(parent)s đứng trước để làm mục cha.")
            % {"code": task.code, "parent": task.parent_code}
        )
    if not task.title.strip() or len(task.title) > TITLE_LIMIT:
        found.append(_("Nhiệm vụ %(task)s: tên ngắn phải có và tối đa 500 ký tự.") % {"task": label})
    if task.heading and any(getattr(task, role).parties for role in ROLES):
        message = _("Đề mục %(task)s không giao cho cơ quan nào: bỏ chọn “đề mục” hoặc bỏ các cơ quan.")
        found.append(message % {"task": label})
    if task.timing.kind not in TimingKind.values:
        found.append(_("Nhiệm vụ %(task)s: loại thời hạn không hợp lệ.") % {"task": label})
    return found


@transaction.atomic
def save_proposal(*, proposal: PlanProposal, new_agency_kinds: dict[str, str] | None = None) -> Plan:
    """Create the plan exactly as the proposal shows it, creating the agencies the user chose to add."""
    found = problems(proposal, new_agency_kinds)
    if found:
        raise ProposalError(found)
    proposal = copy.deepcopy(proposal)
    codes = _create_agencies(unknown_party_names(proposal), new_agency_kinds or {})
    for party in _creatable_parties(proposal):
        if not party.matched:
            party.agency = codes[party.written]
    try:
        return import_plan(spec=plan_spec(proposal))
    except PlanImportError as error:
        raise ProposalError([str(error)]) from error


def _create_agencies(names: list[str], kinds: dict[str, str]) -> dict[str, str]:
    taken = set(Agency.objects.values_list("code", flat=True))
    position = (Agency.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 10
    # An administrator may have added one of them since the draft was read: that one is reused.
    created = dict(Agency.objects.filter(name__in=names).values_list("name", "code"))
    new_names = [name for name in names if name not in created]
    for offset, name in enumerate(new_names):
        code = _free_code(name, taken)
        taken.add(code)
        Agency.objects.create(name=name, code=code, kind=kinds[name], position=position + offset * 10)
        created[name] = code
    return created


def _free_code(name: str, taken: set[str]) -> str:
    """Initials, as documents abbreviate ("Bộ Tài nguyên và Môi trường" -> "BTNVMT"), made unique."""
    words = re.findall(r"\w+", slugify(name.replace("đ", "d").replace("Đ", "D")).replace("-", " "))
    base = ("".join(word[0] for word in words) or "CQ").upper()[: CODE_LIMIT - 3]
    code, suffix = base, 2
    while code in taken:
        code, suffix = f"{base}-{suffix}", suffix + 1
    return code


def plan_spec(proposal: PlanProposal) -> dict[str, Any]:
    """The proposal in the JSON importer's format (fixtures/plans/*.json); every party matched."""
    header, reporting = proposal.header, proposal.reporting
    supplemented = _supplemented_plan(proposal)
    return {
        "number": header.number,
        "issued_on": header.issued_on.isoformat(),
        "issuer": header.issuer.agency,
        "title": header.title,
        "legal_basis": _legal_basis(proposal, supplemented),
        "supplements": {"number": supplemented.number, "issued_on": supplemented.issued_on.isoformat()}
        if supplemented
        else None,
        "consolidating_agency": _agency_code(reporting.consolidator),
        "recipient": _agency_code(reporting.to),
        "recipients": header.recipients,
        "reporting": {
            "monthly": reporting.monthly,
            "quarterly": reporting.quarterly,
            "semiannual": reporting.semiannual,
            "annual": reporting.annual,
            "ad_hoc": reporting.ad_hoc,
            "text": reporting.text[:255],
            "due_day": reporting.due_day,
            "annual_due_day": reporting.annual_due_day,
            "annual_due_month": reporting.annual_due_month,
        },
        "tasks": _tree(proposal.tasks),
    }


def _legal_basis(proposal: PlanProposal, supplemented: Plan | None) -> str:
    """The legal basis as read, plus each cited document the plan has no field for, so none is lost.

    The plan supplemented is a link when it is in the portal; the documents implemented, and a
    supplemented plan not in the portal, are kept as lines in the words plans use.
    """
    header = proposal.header
    cited = [("Thực hiện", ref) for ref in header.implements]
    linked = supplemented.number if supplemented else None
    cited += [("Bổ sung", ref) for ref in header.supplements if ref.number != linked]
    lines = [header.legal_basis] if header.legal_basis else []
    lines += [f"{verb} {ref.text}" for verb, ref in cited if ref.text and ref.text not in header.legal_basis]
    return "\n".join(lines)


def _agency_code(party: PartyMatch | None) -> str | None:
    return party.agency if party is not None and party.agency else None


def _supplemented_plan(proposal: PlanProposal) -> Plan | None:
    for ref in proposal.header.supplements:
        plan = Plan.objects.filter(number=ref.number, issued_on=ref.issued_on).first() if ref.issued_on else None
        if plan is not None:
            return plan
    return None


def _tree(tasks: list[TaskProposal]) -> list[dict[str, Any]]:
    roots: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for task in tasks:
        spec = _task_spec(task)
        by_code[task.code] = spec
        parent = by_code.get(task.parent_code) if task.parent_code else None
        (parent["children"] if parent else roots).append(spec)
    return roots


def _task_spec(task: TaskProposal) -> dict[str, Any]:
    timing = task.timing
    spec: dict[str, Any] = {
        "code": task.code,
        "title": task.title.strip(),
        "full_text": task.full_text,
        "expected_output": task.expected_output,
        "heading": task.heading,
        "unnamed_parties": _unnamed(task)[:UNNAMED_LIMIT],
        "timing": {
            "kind": timing.kind,
            "text": timing.text[:500],
            "starts_on": timing.starts_on.isoformat() if timing.starts_on else None,
            "due_on": timing.due_on.isoformat() if timing.due_on else None,
            "trigger": timing.trigger[:500],
            "yearly_due_day": timing.yearly_due_day,
            "yearly_due_month": timing.yearly_due_month,
        },
        "children": [],
    }
    for role in ROLES:
        refs = [party.ref for party in getattr(task, role).parties]
        if refs:
            spec[role] = list(dict.fromkeys(refs))
    return spec


def _unnamed(task: TaskProposal) -> str:
    lists: list[PartyList] = [getattr(task, role) for role in ROLES]
    return ", ".join(dict.fromkeys(parties.unnamed for parties in lists if parties.unnamed))
