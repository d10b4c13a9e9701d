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
    """A lead the registry knows and nothing flagged: saved as read, no correction needed."""
    return bool(task.lead.parties) and not task_flags(task)


def task_rows(proposal: PlanProposal) -> list[dict[str, Any]]:
    """One line per task (headings left out): number, text, parties, timing and flags."""
    return [
        {
            "number": task.code,
            "text": task.title,
            "lead": _names(task.lead),
            "coordinating": _names(task.coordinating),
            "timing_kind": str(task.timing.kind),
            "due_on": task.timing.due_on.isoformat() if task.timing.due_on else None,
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
