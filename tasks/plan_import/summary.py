"""What a person checks per task of a proposal, and how much of a document was read whole."""

from __future__ import annotations

from typing import Any

from tasks.plan_import.proposal import PartyList, PlanProposal, TaskProposal


def _names(parties: PartyList) -> list[str]:
    named = [party.ref or f"? {party.written}" for party in parties.parties]
    return named + ([f"({parties.unnamed})"] if parties.unnamed else [])


def task_flags(task: TaskProposal) -> list[str]:
    roles = (task.lead, task.coordinating, task.implementing)
    unknown = [f"? {party.written}" for role in roles for party in role.unknown]
    return [*task.flags, *([task.timing.flag] if task.timing.flag else []), *unknown]


def is_whole(task: TaskProposal) -> bool:
    """Who owes its reports known to the registry and nothing flagged: saved as read, no correction needed.

    The owners are the lead, or, for a task the plan puts to whole groups ("Các Sở, ban ngành tỉnh và
    UBND các huyện ..."), each member that implements it: both owe progress reports (DESIGN.md), and
    the seed plan's hand-made tree gives those tasks no lead. An unknown party is a flag either way.
    """
    return bool(task.lead.parties or task.implementing.parties) and not task_flags(task)


def task_rows(proposal: PlanProposal) -> list[dict[str, Any]]:
    """One line per task (headings left out): number, text, parties, timing, product and flags."""
    return [
        {
            "number": task.code,
            "text": task.title,
            "lead": _names(task.lead),
            "coordinating": _names(task.coordinating),
            "implementing": _names(task.implementing),
            "timing_kind": str(task.timing.kind),
            "due_on": task.timing.due_on.isoformat() if task.timing.due_on else None,
            "expected_output": task.expected_output,
            "flags": task_flags(task),
        }
        for task in proposal.tasks
        if not task.heading
    ]


def document_figures(proposal: PlanProposal) -> dict[str, int]:
    tasks = [task for task in proposal.tasks if not task.heading]
    whole = sum(is_whole(task) for task in tasks)
    return {
        "rows_read": len(proposal.tasks),
        "tasks": len(tasks),
        "whole": whole,
        "needs_correction": len(tasks) - whole,
    }
