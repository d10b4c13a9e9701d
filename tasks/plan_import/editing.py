"""Row operations and checks on a PlanProposal while an administrator corrects it before saving.

Pure functions: each takes a proposal and returns a new one, leaving the given one untouched, so
the preview page can apply them after the submitted edits and the tests can table-drive them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from tasks.plan_import.proposal import PartyList, PartyMatch, PlanProposal, Source, TaskProposal, TimingProposal

_COPY_SUFFIX = re.compile(r"-\d+$")


class RowError(ValueError):
    """A row operation that cannot apply to the given row (say merging the first row)."""


def _check_index(proposal: PlanProposal, index: int) -> None:
    if not 0 <= index < len(proposal.tasks):
        raise RowError(f"no row {index} in a table of {len(proposal.tasks)}")


def _with_tasks(proposal: PlanProposal, tasks: list[TaskProposal]) -> PlanProposal:
    return replace(copy.deepcopy(proposal), tasks=tasks)


def free_code(code: str, taken: set[str]) -> str:
    """A code next to `code` that no row holds yet: "II.1.a" -> "II.1.a-2" (or -3, ...).

    The suffix keeps the row under the same parent and leaves every other row's code untouched.
    """
    root = _COPY_SUFFIX.sub("", code) or "1"
    number = 2
    while f"{root}-{number}" in taken:
        number += 1
    return f"{root}-{number}"


def delete_task(proposal: PlanProposal, index: int) -> PlanProposal:
    _check_index(proposal, index)
    tasks = copy.deepcopy(proposal.tasks)
    del tasks[index]
    return _with_tasks(proposal, tasks)


def add_task_after(proposal: PlanProposal, index: int) -> PlanProposal:
    """An empty row after row `index` (-1: at the top), coded next to the row above it."""
    if index != -1:
        _check_index(proposal, index)
    tasks = copy.deepcopy(proposal.tasks)
    taken = {task.code for task in tasks}
    above = tasks[index].code if index >= 0 else "1"
    code = free_code(above, taken) if above in taken else above
    tasks.insert(index + 1, TaskProposal(code=code, ref="", title=""))
    return _with_tasks(proposal, tasks)


def split_task(proposal: PlanProposal, index: int) -> PlanProposal:
    """Row `index` twice: the copy below it gets a free code; the administrator then edits both texts."""
    _check_index(proposal, index)
    tasks = copy.deepcopy(proposal.tasks)
    second = copy.deepcopy(tasks[index])
    second.code = free_code(second.code, {task.code for task in tasks})
    tasks.insert(index + 1, second)
    return _with_tasks(proposal, tasks)


def merge_into_previous(proposal: PlanProposal, index: int) -> PlanProposal:
    """Row `index` folded into the row above: texts joined, parties united, later codes untouched."""
    _check_index(proposal, index)
    if index == 0:
        raise RowError("the first row has no row above it")
    tasks = copy.deepcopy(proposal.tasks)
    upper, lower = tasks[index - 1], tasks.pop(index)
    upper.full_text = _join_lines(upper.full_text or upper.title, lower.full_text or lower.title)
    upper.title = upper.title or lower.title
    upper.expected_output = _join_lines(upper.expected_output, lower.expected_output)
    upper.lead = _united(upper.lead, lower.lead)
    upper.coordinating = _united(upper.coordinating, lower.coordinating)
    upper.implementing = _united(upper.implementing, lower.implementing)
    if not upper.timing.text:
        upper.timing = lower.timing
    upper.flags = _unique([*upper.flags, *lower.flags])
    upper.evidence = [*upper.evidence, *(item for item in lower.evidence if upper.evidence_for(item.role) is None)]
    return _with_tasks(proposal, tasks)


def _checked_rows(proposal: PlanProposal, indexes: list[int]) -> list[int]:
    if not indexes:
        raise RowError("no row selected")
    for index in indexes:
        _check_index(proposal, index)
    return sorted(set(indexes))


def set_lead(
    proposal: PlanProposal, indexes: list[int], lead: PartyMatch, *, settled_flags: frozenset[str] = frozenset()
) -> PlanProposal:
    """The rows `indexes` led by `lead` alone, as the administrator set it; their flags that only said
    no lead was found (`settled_flags`) go, and what was read for coordinating or implementing stays."""
    tasks = copy.deepcopy(proposal.tasks)
    for index in _checked_rows(proposal, indexes):
        task = tasks[index]
        task.lead = PartyList(parties=[copy.copy(lead)], unnamed=task.lead.unnamed)
        task.flags = [flag for flag in task.flags if flag not in settled_flags]
        task.with_evidence("lead", lead.written, Source.USER)
    return _with_tasks(proposal, tasks)


def set_timing(proposal: PlanProposal, indexes: list[int], timing: TimingProposal) -> PlanProposal:
    """The rows `indexes` given the same timing, as the administrator typed it."""
    tasks = copy.deepcopy(proposal.tasks)
    for index in _checked_rows(proposal, indexes):
        tasks[index].timing = copy.deepcopy(timing)
        tasks[index].with_evidence("timing", timing.text, Source.USER)
    return _with_tasks(proposal, tasks)


def _join_lines(*texts: str) -> str:
    return "\n".join(text.strip() for text in texts if text.strip())


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _united(first: PartyList, second: PartyList) -> PartyList:
    seen = {party.written.casefold() for party in first.parties}
    parties = list(first.parties)
    for party in second.parties:
        if party.written.casefold() not in seen:
            seen.add(party.written.casefold())
            parties.append(party)
    unnamed = "; ".join(_unique([text for text in (first.unnamed, second.unnamed) if text]))
    return PartyList(parties=parties, unnamed=unnamed)


def depth(task: TaskProposal) -> int:
    """How deep the row sits in the tree: one level per dot of its code ("II.2.b" -> 2)."""
    return task.code.count(".")


PLAN = "plan"
REPORTING = "reporting"


@dataclass(frozen=True)
class Attention:
    """One thing a person must look at before saving, and the rows it concerns; with no rows, the
    part of the plan it is about (PLAN: its header, REPORTING: its schedule) or the unknown name."""

    message: str
    codes: tuple[str, ...] = ()
    place: str = PLAN
    unknown_name: str = ""


def all_parties(proposal: PlanProposal) -> Iterator[PartyMatch]:
    """Every party the proposal names: issuer, reporting parties, then each row's roles in order."""
    yield from _header_parties(proposal)
    for task in proposal.tasks:
        for role in (task.lead, task.coordinating, task.implementing):
            yield from role.parties


def _header_parties(proposal: PlanProposal) -> Iterator[PartyMatch]:
    for party in (proposal.header.issuer, proposal.reporting.consolidator, proposal.reporting.to):
        if party is not None and party.written:
            yield party


def attention(proposal: PlanProposal, *, unknown_label: Callable[[str], str]) -> list[Attention]:
    """Everything flagged: the plan's own flags and the reporting schedule's, each row's, then each
    unknown name once with the rows that name it (a plan may name one unknown body in every row)."""
    found = [Attention(message) for message in proposal.flags]
    if proposal.reporting.flag:
        found.append(Attention(proposal.reporting.flag, place=REPORTING))
    unknown: dict[str, list[str]] = {party.written: [] for party in _header_parties(proposal) if not party.matched}
    for task in proposal.tasks:
        found += [Attention(message, (task.code,)) for message in task.flags]
        if task.timing.flag:
            found.append(Attention(task.timing.flag, (task.code,)))
        for role in (task.lead, task.coordinating, task.implementing):
            for party in role.unknown:
                codes = unknown.setdefault(party.written, [])
                if task.code not in codes:
                    codes.append(task.code)
    found += [Attention(unknown_label(name), tuple(codes), unknown_name=name) for name, codes in unknown.items()]
    return found
