"""How well the reader reads a plan: its proposal scored task by task against a hand-made truth.

A truth file (tests/data/plans/corpus/truth/*.json, format in that folder's README) lists a plan's
tasks and its "duties" (work of "Tổ chức thực hiện" that is not a task of the plan proper). Each
proposed row is matched to at most one of them: by the plan's own numbering first, then by the
likeness of the words. A task is *whole* when it is found, its owners (the lead, or the implementing
agencies when the plan names no lead) are exactly right, and its timing kind and due date are right.
A row matching a duty is neither credited nor counted against the reader; a row matching nothing is
an extra row, which a person would have to delete.

Names are compared after normalisation through the registry (`canonical`), so "Sở TT&TT" and "Sở
Thông tin và Truyền thông" are one agency; names the registry does not know compare by their words.
The scoring is plain (no ORM): the caller supplies the registry as `canonical`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.plan_import.proposal import PartyList, PlanProposal, TaskProposal

# Likeness of words needed to pair a row with a task: lower when their numbering agrees too.
SIMILAR_WITH_REF = 0.3
SIMILAR_WITHOUT_REF = 0.5
# The truth format knows fewer timing kinds than the model: a month or a quarter is a date.
KIND_OF_TRUTH = {"by_month": "by_date", "by_quarter": "by_date"}

if TYPE_CHECKING:
    from tasks.plan_import.agency_matching import AgencyMatcher

Canonical = Callable[[str], str]


@dataclass
class TrueTask:
    ref: str
    text: str
    lead: list[str]
    coordinating: list[str]
    implementing: list[str]
    timing_kind: str
    due: str | None
    is_duty: bool = False


@dataclass
class Row:
    """A proposed task as the scorer sees it: names already canonical."""

    code: str
    text: str
    lead: frozenset[str]
    coordinating: frozenset[str]
    implementing: frozenset[str]
    timing_kind: str
    due: str | None
    owners_written: list[str] = field(default_factory=list)


@dataclass
class Miss:
    ref: str
    text: str
    why: list[str]


@dataclass
class DocumentScore:
    document: str
    tasks: int = 0
    proposed: int = 0
    whole: int = 0
    roles: int = 0
    kind: int = 0
    dated: int = 0
    due: int = 0
    duty_rows: int = 0
    extra: int = 0
    misses: list[Miss] = field(default_factory=list)
    extra_rows: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, int]:
        """What is recorded and compared from one run to the next."""
        names = ("tasks", "proposed", "whole", "roles", "kind", "dated", "due", "duty_rows", "extra")
        return {name: getattr(self, name) for name in names}


def canonical_words(text: str) -> str:
    """A name's words without case, marks placement or punctuation: the fallback identity of a name."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def true_tasks(truth: dict[str, Any]) -> list[TrueTask]:
    def read(entry: dict[str, Any], is_duty: bool) -> TrueTask:
        return TrueTask(
            ref=entry.get("ref") or "",
            text=entry.get("text") or "",
            lead=list(entry.get("lead") or []),
            coordinating=list(entry.get("coordinating") or []),
            implementing=list(entry.get("implementing") or []),
            timing_kind=entry.get("timing_kind") or "unspecified",
            due=entry.get("due"),
            is_duty=is_duty,
        )

    return [read(entry, False) for entry in truth.get("tasks", [])] + [
        read(entry, True) for entry in truth.get("duties", [])
    ]


def proposed_rows(proposal: PlanProposal, canonical: Canonical) -> list[Row]:
    return [_row(task, canonical) for task in proposal.tasks if not task.heading]


def _row(task: TaskProposal, canonical: Canonical) -> Row:
    def names(parties: PartyList) -> frozenset[str]:
        found = {party.ref or canonical(party.written) for party in parties.parties}
        if parties.unnamed:
            found.add(canonical(parties.unnamed))
        return frozenset(found)

    timing = task.timing
    owners = task.lead if task.lead.parties or task.lead.unnamed else task.implementing
    return Row(
        owners_written=[party.written for party in owners.parties] + ([owners.unnamed] if owners.unnamed else []),
        code=task.code,
        text=task.full_text or task.title,
        lead=names(task.lead),
        coordinating=names(task.coordinating),
        implementing=names(task.implementing),
        timing_kind=proposal_kind(timing.kind, timing.starts_on, timing.due_on),
        due=timing.due_on.isoformat() if timing.due_on else None,
    )


def proposal_kind(kind: str, starts_on: dt.date | None, due_on: dt.date | None) -> str:
    """The model's kind in the truth's words: a span over several years is a `year_range`, unless the
    work recurs in it ("Hằng năm từ quý IV/2026 - 2029" is yearly, due when the span ends)."""
    if starts_on and due_on and starts_on.year != due_on.year and kind not in ("from_date", "yearly", "recurring"):
        return "year_range"
    return KIND_OF_TRUTH.get(str(kind), str(kind))


# --- Matching rows to tasks -------------------------------------------------------------------


def ref_key(ref: str) -> str:
    """ "Phụ lục 23-1", "PL.23.1" and "II.2.b-1", "II.2.b.1" compare equal; an annex's group rows
    (roman numerals) do not count, as plans number annex rows across their groups."""
    text = unicodedata.normalize("NFC", ref).strip().rstrip(".)")
    annex = re.match(r"^(?:phụ\s+lục|pl)\b\.?\s*", text, re.IGNORECASE)
    parts = [part for part in re.split(r"[.\-\s]+", text[annex.end() :] if annex else text) if part]
    if annex:
        parts = ["PL", *(part for part in parts if not re.fullmatch(r"[IVX]+", part))]
    return ".".join(part.casefold() for part in parts)


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold()))


def similarity(truth_text: str, row_text: str) -> float:
    """Dice likeness of the words of a task and of the first line of a row (a table row's other
    columns follow its first line and would make it look like any text naming the same agencies)."""
    truth_words = _words(truth_text)
    row_words = _words(row_text.split("\n", 1)[0])
    if not truth_words or not row_words:
        return 0.0
    return 2 * len(truth_words & row_words) / (len(truth_words) + len(row_words))


def match(tasks: list[TrueTask], rows: list[Row]) -> dict[int, int]:
    """Row index -> task index, one to one: pairs whose numbering agrees first, then by likeness."""
    pairs = []
    for task_index, task in enumerate(tasks):
        task_ref = ref_key(task.ref)
        for row_index, row in enumerate(rows):
            score = similarity(task.text, row.text)
            same_ref = bool(task_ref) and task_ref == ref_key(row.code)
            if score >= (SIMILAR_WITH_REF if same_ref else SIMILAR_WITHOUT_REF):
                pairs.append((same_ref, score, task_index, row_index))
    pairs.sort(key=lambda pair: (pair[0], pair[1]), reverse=True)
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _same_ref, _score, task_index, row_index in pairs:
        if row_index in matched or task_index in taken:
            continue
        matched[row_index] = task_index
        taken.add(task_index)
    return matched


# --- Scoring ----------------------------------------------------------------------------------


def score_document(
    *, document: str, truth: dict[str, Any], proposal: PlanProposal, canonical: Canonical
) -> DocumentScore:
    tasks = true_tasks(truth)
    rows = proposed_rows(proposal, canonical)
    matched = match(tasks, rows)
    row_of_task = {task_index: row_index for row_index, task_index in matched.items()}
    score = DocumentScore(document=document, proposed=len(rows))
    for task_index, task in enumerate(tasks):
        row = rows[row_of_task[task_index]] if task_index in row_of_task else None
        if not task.is_duty:
            _score_task(score, task, row, canonical)
    for row_index, row in enumerate(rows):
        if row_index not in matched:
            score.extra += 1
            score.extra_rows.append(f"{row.code}: {_clip(row.text)}")
        elif tasks[matched[row_index]].is_duty:
            score.duty_rows += 1
    return score


def _score_task(score: DocumentScore, task: TrueTask, row: Row | None, canonical: Canonical) -> None:
    score.tasks += 1
    score.dated += task.due is not None
    if row is None:
        score.misses.append(Miss(task.ref, _clip(task.text), ["không tìm thấy"]))
        return
    why = []
    want_owners, got_owners = _owners(task, canonical), _row_owners(row)
    if want_owners != got_owners:
        why.append(
            f"chủ trì/thực hiện: đọc {_show(row.owners_written)}, đúng là {_show(task.lead or task.implementing)}"
        )
    roles_right = (
        _names(task.lead, canonical) == row.lead
        and _names(task.coordinating, canonical) == row.coordinating
        and _names(task.implementing, canonical) == row.implementing
    )
    score.roles += roles_right
    kind_right = task.timing_kind == row.timing_kind
    score.kind += kind_right
    if not kind_right:
        why.append(f"loại thời hạn: đọc {row.timing_kind}, đúng là {task.timing_kind}")
    due_right = task.due == row.due
    if task.due is not None:
        score.due += due_right
    if not due_right:
        why.append(f"hạn: đọc {row.due or '—'}, đúng là {task.due or '—'}")
    if why:
        score.misses.append(Miss(task.ref, _clip(task.text), [f"[{row.code}] {reason}" for reason in why]))
    else:
        score.whole += 1


def _names(names: Iterable[str], canonical: Canonical) -> frozenset[str]:
    return frozenset(canonical(name) for name in names)


def _owners(task: TrueTask, canonical: Canonical) -> frozenset[str]:
    return _names(task.lead or task.implementing, canonical)


def _row_owners(row: Row) -> frozenset[str]:
    return row.lead or row.implementing


def _show(names: list[str]) -> str:
    return "{" + " | ".join(names) + "}" if names else "∅"


def _clip(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --- Totals and regressions -------------------------------------------------------------------


def total(scores: Iterable[DocumentScore]) -> DocumentScore:
    result = DocumentScore(document="")
    for score in scores:
        for name, value in score.figures().items():
            setattr(result, name, getattr(result, name) + value)
    return result


def regressions(recorded: dict[str, dict[str, int]], scores: Iterable[DocumentScore]) -> list[str]:
    """What got worse than recorded: fewer whole tasks, or more extra rows, per document."""
    found = []
    for score in scores:
        before = recorded.get(score.document)
        if before is None:
            continue
        if score.whole < before["whole"]:
            found.append(f"{score.document}: {score.whole} nhiệm vụ đủ, trước là {before['whole']}")
        if score.extra > before["extra"]:
            found.append(f"{score.document}: {score.extra} dòng thừa, trước là {before['extra']}")
    return found


def score_corpus(*, folder: Path, matcher: AgencyMatcher) -> list[DocumentScore]:
    """Every document of a corpus folder that has a truth, read as `import_plan --dry-run` reads it."""
    from tasks.plan_import.extract import propose_plan  # the reader, with Django; the scoring above is plain

    scores = []
    for truth_path in sorted((folder / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        document = folder / (truth.get("document") or f"{truth_path.stem}.md")
        proposal = propose_plan(filename=document.name, content=document.read_bytes(), matcher=matcher)
        scores.append(
            score_document(document=document.name, truth=truth, proposal=proposal, canonical=matcher.canonical)
        )
    return scores
