"""A proposal as text lines: the tree, each task's parties and timing, and what needs a person."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks.plan_import.proposal import PartyList, PlanProposal, TaskProposal
from tasks.timing import TimingKind

ROLE_LABELS = (
    ("lead", gettext_lazy("chủ trì")),
    ("coordinating", gettext_lazy("phối hợp")),
    ("implementing", gettext_lazy("thực hiện")),
)


def outline_lines(proposal: PlanProposal) -> list[str]:
    header = proposal.header
    issuer = header.issuer.written if header.issuer else "?"
    lines = [
        _("Kế hoạch số %(number)s ngày %(date)s của %(issuer)s")
        % {"number": header.number or "…", "date": header.issued_on or "?", "issuer": issuer},
        header.title,
        _("Báo cáo: %(text)s") % {"text": proposal.reporting.text or "—"},
        "",
    ]
    for task in proposal.tasks:
        lines += _task_lines(task)
    reporting_flags = [proposal.reporting.flag] if proposal.reporting.flag else []
    task_flags = [f"{task.code}: {flag}" for task in proposal.tasks for flag in _task_flags(task)]
    attention = [*proposal.flags, *reporting_flags, *task_flags]
    lines += ["", _("Cần kiểm tra (%(count)d):") % {"count": len(attention)}]
    lines += [f"  ! {line}" for line in attention] or ["  —"]
    return lines


def _task_lines(task: TaskProposal) -> list[str]:
    indent = "  " * task.code.count(".")
    heading = _("[đề mục]") + " " if task.heading else ""
    lines = [f"{indent}{task.code} {heading}{task.title}"]
    for role, label in ROLE_LABELS:
        parties: PartyList = getattr(task, role)
        if parties.parties or parties.unnamed:
            names = [party.ref or f"?{party.written}" for party in parties.parties]
            if parties.unnamed:
                names.append(f"({parties.unnamed})")
            lines.append(f"{indent}    {label}: {', '.join(names)}")
    if not task.heading:
        timing = task.timing
        understood = TimingKind(timing.kind).label
        dates = " → ".join(str(day) for day in (timing.starts_on, timing.due_on) if day)
        understood_as = _("thời gian: “%(text)s” = %(kind)s %(dates)s") % {
            "text": timing.text,
            "kind": understood,
            "dates": dates,
        }
        lines.append(f"{indent}    {understood_as}".rstrip())
    if task.expected_output:
        lines.append(f"{indent}    " + _("sản phẩm: %(output)s") % {"output": task.expected_output})
    return lines


def _task_flags(task: TaskProposal) -> list[str]:
    flags = list(task.flags)
    if task.timing.flag:
        flags.append(task.timing.flag)
    for role, label in ROLE_LABELS:
        for party in getattr(task, role).unknown:
            flags.append(_("%(role)s: “%(name)s” chưa có trong danh mục") % {"role": label, "name": party.written})
    return flags
