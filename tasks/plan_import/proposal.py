"""What the portal understood of a plan document: plain data, JSON round-trippable, no ORM.

A proposal is shown to an administrator, edited, and only then saved (see saving.py). Everything
the readers could not resolve is kept, with a flag saying why, so nothing is silently dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from tasks.timing import TimingKind

GROUP_PREFIX = "group:"


@dataclass
class PartyMatch:
    """One party as written in the document, and what it matched in the registry.

    Exactly one of `agency` (an Agency code) or `group` (an AgencyGroup code) is set when matched;
    neither when unknown. `suggested_kind` is an AgencyKind value proposed for creating an unknown one.
    """

    written: str
    agency: str = ""
    group: str = ""
    suggested_kind: str = ""

    @property
    def matched(self) -> bool:
        return bool(self.agency or self.group)

    @property
    def ref(self) -> str:
        """The reference the JSON importer takes: an agency code or 'group:<code>'."""
        return f"{GROUP_PREFIX}{self.group}" if self.group else self.agency


@dataclass
class PartyList:
    """The parties of one role in one task: matched or unknown, plus the unnamed rest verbatim."""

    parties: list[PartyMatch] = field(default_factory=list)
    unnamed: str = ""  # "các cơ quan, đơn vị liên quan": kept as text, assigned to nobody

    @property
    def unknown(self) -> list[PartyMatch]:
        return [party for party in self.parties if not party.matched]


@dataclass
class TimingProposal:
    text: str = ""  # the words of the document, kept whole
    kind: str = TimingKind.UNSPECIFIED
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    trigger: str = ""  # for AFTER_EVENT: the event, e.g. "Chiến lược quốc gia ... được ban hành"
    yearly_due_day: int | None = None  # for YEARLY: "trước ngày 15/12 hằng năm"
    yearly_due_month: int | None = None
    flag: str = ""  # why the words were not understood; empty when they were (or when there are none)


class Source:
    """Where the reader found the words that gave a row its lead or its timing."""

    FIELD = "field"  # a field line: "Đơn vị chủ trì: …", "Thời gian hoàn thành: …"
    COLUMN = "column"  # a table column: "Cơ quan chủ trì", "Thời gian"
    MERGED_CELL = "merged_cell"  # the cell of the row above, merged over this row
    HEADING = "heading"  # the item's own title names the agency: "1. Sở Nội vụ"
    SENTENCE = "sentence"  # the subject of the sentence, or "X chủ trì, phối hợp với …"
    PHRASE = "phrase"  # a timing phrase inside the text: "trong Quý II/2026"
    INHERITED = "inherited"  # handed down from the heading or intro above the item
    USER = "user"  # typed or set on the preview page


@dataclass
class Evidence:
    """The words a row's `role` ("lead" or "timing") was read from, and what kind of place held them."""

    role: str
    words: str
    source: str


@dataclass
class TaskProposal:
    code: str  # tree code in the plan's numbering, dotted: "II.2.b.1", "PL.3"; parent = code minus last part
    ref: str  # the number as printed in the document: "b)", "3.", "-", "1."
    title: str
    full_text: str = ""
    expected_output: str = ""  # the annex's "Sản phẩm" / "Kết quả" column, as written
    heading: bool = False
    lead: PartyList = field(default_factory=PartyList)
    coordinating: PartyList = field(default_factory=PartyList)
    implementing: PartyList = field(default_factory=PartyList)
    timing: TimingProposal = field(default_factory=TimingProposal)
    flags: list[str] = field(default_factory=list)  # anything else a person must look at
    evidence: list[Evidence] = field(default_factory=list)  # why the lead and timing were read so

    def evidence_for(self, role: str) -> Evidence | None:
        return next((item for item in self.evidence if item.role == role), None)

    def with_evidence(self, role: str, words: str, source: str) -> None:
        """Record (or replace) the words `role` was read from."""
        self.evidence = [*(item for item in self.evidence if item.role != role), Evidence(role, words.strip(), source)]

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def needs_attention(self) -> bool:
        roles = (self.lead, self.coordinating, self.implementing)
        return bool(self.flags or self.timing.flag or any(role.unknown for role in roles))


@dataclass
class DocumentRef:
    """A document the plan implements or supplements, as cited: "Kế hoạch số 4447/KH-UBND ngày 24/9/2018"."""

    text: str
    number: str = ""
    issued_on: dt.date | None = None


@dataclass
class PlanHeader:
    number: str = ""  # "09/KH-BTNMT"; empty when the document leaves it blank
    issued_on: dt.date | None = None
    place: str = ""
    issuer: PartyMatch | None = None
    title: str = ""
    legal_basis: str = ""
    supplements: list[DocumentRef] = field(default_factory=list)
    implements: list[DocumentRef] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # Nơi nhận, one line each


@dataclass
class ReportingProposal:
    """The plan's reporting duty from its "Tổ chức thực hiện" section."""

    text: str = ""  # the sentence(s) it was read from
    monthly: bool = False
    quarterly: bool = False
    semiannual: bool = False
    annual: bool = False
    ad_hoc: bool = False
    due_day: int | None = None  # "trước ngày 20 hằng tháng" -> 20
    annual_due_day: int | None = None  # "trước ngày 10/12 hằng năm" -> 10, 12
    annual_due_month: int | None = None
    to: PartyMatch | None = None  # whom the consolidated report goes to (UBND tỉnh, Bộ trưởng)
    consolidator: PartyMatch | None = None  # who collects and consolidates (Sở Nội vụ)
    flag: str = ""


@dataclass
class PlanProposal:
    header: PlanHeader = field(default_factory=PlanHeader)
    reporting: ReportingProposal = field(default_factory=ReportingProposal)
    tasks: list[TaskProposal] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # plan-level: "số hiệu chưa có", parts not read as tasks
    source_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanProposal:
        return _build(cls, data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_NESTED = {
    "header": PlanHeader,
    "issuer": PartyMatch,
    "supplements": DocumentRef,
    "implements": DocumentRef,
    "reporting": ReportingProposal,
    "to": PartyMatch,
    "consolidator": PartyMatch,
    "tasks": TaskProposal,
    "lead": PartyList,
    "coordinating": PartyList,
    "implementing": PartyList,
    "parties": PartyMatch,
    "timing": TimingProposal,
    "evidence": Evidence,
}
_DATES = {"issued_on", "starts_on", "due_on"}


def _build(cls: type, data: dict[str, Any]) -> Any:
    values = {}
    for item in fields(cls):
        if item.name not in data:
            continue
        raw = data[item.name]
        nested = _NESTED.get(item.name)
        if raw is None:
            values[item.name] = None
        elif nested is not None and isinstance(raw, list):
            values[item.name] = [_build(nested, entry) for entry in raw]
        elif nested is not None:
            values[item.name] = _build(nested, raw)
        elif item.name in _DATES:
            values[item.name] = dt.date.fromisoformat(raw)
        else:
            values[item.name] = raw
    return cls(**values)
