"""How sure the portal is of each proposed row, and why: the rules behind the preview's "Cần xem lại".

A row's confidence is computed from the proposal alone (its parties, timing, text and the words the
reader recorded as evidence) plus one question to the registry, "is this match still a known
agency?", so the rules are tested on small rows without reading any document. Headings are not
tasks and carry no confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tasks.plan_import.proposal import PartyMatch, PlanProposal, Source, TaskProposal
from tasks.plan_import.wording import LEAD_MARK
from tasks.timing import TimingKind

HIGH, MEDIUM, LOW = "high", "medium", "low"
_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}

# Words of a target, a budget or an objective rather than of work to do.
TARGET = re.compile(
    r"^\s*(?:mục tiêu|chỉ tiêu|phấn đấu|(?:đến|tới)(?: hết)? năm \d{4},?\s*(?:phấn đấu|có|đạt|\d))"
    r"|\b(?:đạt|trên|ít nhất|tối thiểu|tối đa|giảm|tăng)\s+(?:\w+\s+){0,2}\d+(?:[.,]\d+)?\s*%",
    re.IGNORECASE,
)
BUDGET = re.compile(
    r"^\s*(?:tổng\s+)?(?:kinh phí|nguồn vốn|vốn|dự toán)\b|\d[\d.,]*\s*(?:tỷ|triệu|nghìn)\s+đồng", re.IGNORECASE
)
LONG_TEXT = 1200  # characters: a row this long usually holds several tasks
SHORT_WORDS = 4  # fewer words than this: a fragment, a heading or a continuation


@dataclass(frozen=True)
class RowDoubt:
    """A row's confidence, the plain reasons that lowered it, and the words its lead and timing came from."""

    confidence: str
    reasons: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    names_only: bool = False  # in doubt only for names the registry lacks, settled once per name on the page

    @property
    def doubtful(self) -> bool:
        return self.confidence != HIGH

    @property
    def label(self) -> str:
        return {HIGH: _("cao"), MEDIUM: _("trung bình"), LOW: _("thấp")}[self.confidence]


def no_lead_messages() -> set[str]:
    """The readers' flags for a row with no lead: settled once the row has one, so not repeated."""
    from tasks.plan_import.annex import NO_LEAD

    return {str(NO_LEAD), _("Chưa xác định được cơ quan chủ trì hoặc thực hiện.")}


def proposal_doubts(
    proposal: PlanProposal, *, known: Callable[[PartyMatch], bool] | None = None
) -> list[RowDoubt | None]:
    """One RowDoubt per row of the proposal, None for headings. `known` says whether a party is an
    agency the plan can be saved with: still in the registry, or chosen to be created (by default: it matched)."""
    by_code = {task.code: task for task in proposal.tasks}
    settled = no_lead_messages()
    return [
        None
        if task.heading
        else row_doubt(task, heading_above=_heading_above(task, by_code), known=known, settled=settled)
        for task in proposal.tasks
    ]


def doubt_order(doubts: list[RowDoubt | None]) -> list[int]:
    """The indexes of doubtful rows, least sure first; at one level, rows in doubt only for an unknown
    name (settled once per name in the table of new agencies) after the others; then in document order."""
    doubtful = [index for index, doubt in enumerate(doubts) if doubt is not None and doubt.doubtful]
    return sorted(doubtful, key=lambda index: (_ORDER[doubts[index].confidence], doubts[index].names_only, index))


def _heading_above(task: TaskProposal, by_code: dict[str, TaskProposal]) -> TaskProposal | None:
    code = task.parent_code
    while code:
        if (above := by_code.get(code)) is not None:
            return above
        code = code.rsplit(".", 1)[0] if "." in code else None
    return None


def row_doubt(
    task: TaskProposal,
    *,
    heading_above: TaskProposal | None = None,
    known: Callable[[PartyMatch], bool] | None = None,
    settled: set[str] | None = None,
) -> RowDoubt:
    known = known or (lambda party: party.matched)
    found: list[tuple[str, str]] = []  # (level, reason)
    unknown = _unknown_names(task, known)
    found += _party_doubts(task) + unknown
    found += _timing_doubts(task)
    found += _text_doubts(task)
    # The readers' own "no lead" flag is either settled (the row has a lead now) or said above already.
    skip = settled if settled is not None else no_lead_messages()
    found += [(MEDIUM, flag) for flag in task.flags if flag not in skip and flag not in {r for _l, r in found}]
    levels = {level for level, _reason in found}
    confidence = LOW if LOW in levels else MEDIUM if MEDIUM in levels else HIGH
    ordered = sorted(found, key=lambda item: _ORDER[item[0]])
    return RowDoubt(
        confidence=confidence,
        names_only=bool(found) and len(found) == len(unknown),
        reasons=tuple(dict.fromkeys(reason for _level, reason in ordered)),
        basis=tuple(line for line in (_basis(task, role, heading_above) for role in ("lead", "timing")) if line),
    )


def _party_doubts(task: TaskProposal) -> list[tuple[str, str]]:
    if not (task.lead.parties or task.implementing.parties):
        return [(LOW, _("Chưa rõ cơ quan chủ trì hay thực hiện."))]
    return []


def _unknown_names(task: TaskProposal, known: Callable[[PartyMatch], bool]) -> list[tuple[str, str]]:
    found = []
    # Who leads or carries out the row must be an agency of the registry (or one the administrator chose
    # to create); an unknown coordinating name is settled once in the table of new agencies, not per row.
    for role in (task.lead, task.implementing):
        for party in role.parties:
            if not known(party):
                found.append((MEDIUM, _("“%(name)s” chưa có trong danh mục cơ quan.") % {"name": party.written}))
    return found


def _timing_doubts(task: TaskProposal) -> list[tuple[str, str]]:
    timing = task.timing
    if timing.flag:
        return [(LOW, timing.flag)]
    if not timing.text and timing.kind == TimingKind.UNSPECIFIED:
        return [(MEDIUM, _("Không thấy thời gian thực hiện."))]
    return []


def _text_doubts(task: TaskProposal) -> list[tuple[str, str]]:
    text = (task.full_text or task.title).strip()
    found = []
    if TARGET.search(text[:300]):
        found.append((LOW, _("Nội dung giống một mục tiêu, chỉ tiêu hơn là một việc phải làm.")))
    elif BUDGET.search(text[:300]):
        found.append((LOW, _("Nội dung giống một khoản kinh phí, nguồn vốn hơn là một việc phải làm.")))
    if len(text) > LONG_TEXT:
        found.append(
            (MEDIUM, _("Nội dung rất dài (%(count)d ký tự): có thể gồm nhiều nhiệm vụ.") % {"count": len(text)})
        )
    elif len(text.split()) < SHORT_WORDS:
        found.append((MEDIUM, _("Nội dung rất ngắn: có thể là phần tiếp của dòng trên, hoặc không phải nhiệm vụ.")))
    if text[:1].islower() or text[:1] in ",;":
        found.append((MEDIUM, _("Dòng bắt đầu bằng chữ thường: có thể là phần tiếp của dòng trên.")))
    if len(LEAD_MARK.findall(text)) >= 2:
        found.append((MEDIUM, _("Dòng nêu “chủ trì” nhiều lần: có thể là nhiều nhiệm vụ bị gộp làm một.")))
    return found


def _clip(words: str, limit: int = 160) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _basis(task: TaskProposal, role: str, heading_above: TaskProposal | None) -> str:
    evidence = task.evidence_for(role)
    if evidence is None:
        return ""
    words = evidence.words
    if evidence.source == Source.INHERITED and not words and heading_above is not None:
        words = f"{heading_above.ref} {heading_above.title}".strip()
    template = _TEMPLATES.get((role, evidence.source))
    if template is None or not words.strip():
        return ""
    return template() % {"words": _clip(words)}


def _templates() -> dict[tuple[str, str], Callable[[], str]]:
    return {
        ("lead", Source.FIELD): lambda: _("Cơ quan theo dòng ghi cơ quan: “%(words)s”"),
        ("lead", Source.COLUMN): lambda: _("Cơ quan theo cột của bảng: “%(words)s”"),
        ("lead", Source.MERGED_CELL): lambda: _("Cơ quan theo ô gộp với dòng trên: “%(words)s”"),
        ("lead", Source.HEADING): lambda: _("Cơ quan theo tên mục: “%(words)s”"),
        ("lead", Source.SENTENCE): lambda: _("Cơ quan theo chủ ngữ của câu: “%(words)s”"),
        ("lead", Source.INHERITED): lambda: _("Cơ quan lấy theo đề mục phía trên: “%(words)s”"),
        ("lead", Source.USER): lambda: _("Chủ trì do bạn đặt: “%(words)s”"),
        ("timing", Source.FIELD): lambda: _("Thời gian theo dòng ghi thời gian: “%(words)s”"),
        ("timing", Source.COLUMN): lambda: _("Thời gian theo cột của bảng: “%(words)s”"),
        ("timing", Source.PHRASE): lambda: _("Thời gian theo cụm từ trong câu: “%(words)s”"),
        ("timing", Source.INHERITED): lambda: _("Thời gian lấy theo đề mục phía trên: “%(words)s”"),
        ("timing", Source.USER): lambda: _("Thời gian do bạn đặt: “%(words)s”"),
    }


_TEMPLATES = _templates()
