"""Field lines: "Đơn vị chủ trì: …; Đơn vị phối hợp: …", "Thời gian thực hiện: …", "Kết quả: …".

Plans that do not put their agencies in sentences label them. A label is made only of the words
of such labels (a closed vocabulary, so "Sở Nội vụ: tham mưu …" is a subject, not a label) and
says which part it gives: the lead, the coordinating agencies, who is responsible (named bodies
lead, collectives implement), the timing or the product. A field is written as a line of its own,
or as a numbered item or bullet ("2. Cơ quan chủ trì, phối hợp" with "a) Cơ quan chủ trì" and its
dashed agencies below); either way it is no task, and it governs the items it stands with.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

LEAD = "lead"
COORDINATING = "coordinating"
RESPONSIBLE = "responsible"
TIMING = "timing"
OUTPUT = "expected_output"
CONTENT = "content"  # "- Nội dung: Tuyên truyền …": what the item's title stands for, with its value only

_LABEL_WORDS = (
    r"cơ\s*quan|đơn\s*vị|sở,?\s*ngành|bộ,?\s*ngành|ngành|chủ\s*trì|phối\s*hợp|thực\s*hiện|trách\s*nhiệm|chỉ\s*đạo|"
    r"tham\s*mưu|thời\s*gian|thời\s*hạn|hoàn\s*thành|tiến\s*độ|kết\s*quả|sản\s*phẩm|dự\s*kiến|đầu\s*ra|"
    r"cấp|và|các|người|phụ\s*trách|nội\s*dung"
)
_LABEL = rf"(?:{_LABEL_WORDS})(?:\s*[,/]?\s*(?:{_LABEL_WORDS}))*"
# A label on its own ("a) Cơ quan chủ trì") or before a colon and its value.
_FIELD = re.compile(rf"^\s*(?P<label>{_LABEL})\s*(?::\s*(?P<value>.*))?$", re.IGNORECASE)
# Where a second field starts on the same line: "…; Đơn vị phối hợp: …".
_NEXT_FIELD = re.compile(rf"[;.]\s*(?=(?:{_LABEL})\s*:)", re.IGNORECASE)
_KINDS = (
    (CONTENT, re.compile(r"^nội\s*dung(?:thực\s*hiện|công\s*việc)?$", re.IGNORECASE)),
    (TIMING, re.compile(r"thời\s*gian|thời\s*hạn|tiến\s*độ", re.IGNORECASE)),
    (OUTPUT, re.compile(r"kết\s*quả|sản\s*phẩm|đầu\s*ra", re.IGNORECASE)),
    (LEAD, re.compile(r"chủ\s*trì|phụ\s*trách", re.IGNORECASE)),
    (COORDINATING, re.compile(r"phối\s*hợp", re.IGNORECASE)),
    (RESPONSIBLE, re.compile(r"thực\s*hiện|trách\s*nhiệm|tham\s*mưu", re.IGNORECASE)),
)


@dataclass
class Fields:
    """What field lines give, by kind: the texts as written (agency lists are joined with "; ")."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        value = value.strip(" .;:-–")
        if kind and value:
            self.values.setdefault(kind, []).append(value)

    def text(self, kind: str) -> str:
        # Lines of a timing stay lines: a cell reader takes its deadline from the first sentence.
        joiner = {TIMING: "\n", OUTPUT: " ", CONTENT: " "}.get(kind, "; ")
        return joiner.join(self.values.get(kind, []))

    def merge(self, other: Fields) -> None:
        for kind, values in other.values.items():
            for value in values:
                self.add(kind, value)

    def __bool__(self) -> bool:
        return bool(self.values)


def field_kind(label: str) -> str:
    return next((kind for kind, pattern in _KINDS if pattern.search(label)), "")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _match(text: str) -> re.Match[str] | None:
    """The label is read without its spaces: a PDF's text layer may split a word ("Cơ quan chủ tr ì")."""
    label, colon, value = _normal(text).partition(":")
    return _FIELD.match(re.sub(r"\s+", "", label) + colon + value)


# "Thời gian lấy ý kiến: từ ngày 17/3 đến ngày 05/4/2025": the time of a named activity, a timing field
# when what follows the colon reads as a timing.
_TIME_OF = re.compile(r"^\s*(?:thời\s*gian|thời\s*hạn)(?:\s+[^\W\d]+){1,6}\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)


def _time_of_activity(text: str) -> str | None:
    from tasks.plan_import.timing_cells import read_timing_cell  # timing reads cells; fields only labels

    match = _TIME_OF.match(_normal(text))
    if not match:
        return None
    timing = read_timing_cell(match["value"])
    return match["value"] if timing.kind != "unspecified" and not timing.flag else None


def is_field_line(text: str) -> bool:
    """A line that is labels and values only: "Đơn vị chủ trì: Sở X; Thời gian: Quý II/2026"."""
    match = _match(text)
    return bool(match and match["value"] is not None and field_kind(match["label"])) or bool(_time_of_activity(text))


def is_field_title(text: str) -> bool:
    """A numbered item or bullet that is a field: "Cơ quan chủ trì, phối hợp", "Thời gian thực hiện: …"."""
    match = _match(_normal(text).rstrip(" .:"))
    kind = field_kind(match["label"]) if match else ""
    # "1. Nội dung" set as a heading has its items below; only "- Nội dung: …" with its value is a field.
    labelled = bool(kind) and (kind != CONTENT or bool((match["value"] or "").strip()))
    return labelled or bool(_time_of_activity(text))


def opens_field(text: str) -> bool:
    """A timing label with nothing after its colon ("* Thời gian thực hiện:"): the bullets below are its
    value ("+ Đợt 1: …", "+ Đợt 2: …"), not tasks."""
    label, colon, value = _normal(text).partition(":")
    return bool(colon) and not value.strip() and field_kind(label) == TIMING and is_field_line(text)


def read_field_line(text: str, into: Fields) -> None:
    if not _match(text) and (value := _time_of_activity(text)):
        into.add(TIMING, value)
        return
    for part in _NEXT_FIELD.split(_normal(text)):
        if (match := _match(part)) and (kind := field_kind(match["label"])):
            into.add(kind, match["value"] or "")


def title_field(text: str) -> tuple[str, str]:
    """(kind, value) of a field written as an item's title; the value may be empty (given below it)."""
    match = _match(_normal(text).rstrip(" ."))
    if not match:
        value = _time_of_activity(text)
        return (TIMING, value) if value else ("", "")
    return field_kind(match["label"]), (match["value"] or "").strip()
