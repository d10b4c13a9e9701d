"""The timing of a table cell or a sentence that is more than one timing phrase.

parse_timing reads a phrase only when all of it is a timing. Cells and sentences say more:
"Hằng năm, thường xuyên", "Từ tháng 5/2026, thường xuyên", "Hằng năm và từng giai đoạn", several
sentences with the deadline in the first, or a clause ("... vận hành xong trước ngày 01/01/2030").
Here each part is read on its own (clauses joined by "và", then the pieces between commas) and the
first part that is a timing speaks for the cell, as the first thing a plan says of its time is its
deadline or its rhythm ("Hằng năm, thường xuyên": yearly; "Từ tháng 5/2026, thường xuyên": from
May 2026; "Tháng 11, 12/2013 và bổ sung hàng năm": by December 2013) - except "thường xuyên",
which only says the work goes on and yields to any date beside it, and a bare year before
"hằng năm" ("Năm 2022 và hàng năm"), which is the first year of a yearly duty;
- "trước ngày 01/01/2030" (before the first of a month) means by the end of the month before;
- a remark giving the latest day ("Dự kiến ngày 05/12 (Chậm nhất ngày 10/12/2025 ...)") is the deadline;
- rounds ("Đợt 1: ... Đợt 2: ...") make one period, due when the last round ends;
- several rhythms, one shorter than a year ("6 tháng, hằng năm và định kỳ"), are RECURRING;
- a cell of milestones ("Khởi động quý IV/2026; báo cáo kiểm kê quý II/2027; cập nhật hằng quý đến
  2030"), parts between semicolons each ending with its own date, runs from the first milestone to
  the last: the task is done when its last milestone is.
A cell none of whose parts is a timing stays as parse_timing left it: flagged, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from tasks.plan_import.proposal import TimingProposal
from tasks.plan_import.timing_phrases import find_timing_in_text, parse_timing
from tasks.timing import TimingKind

_SENTENCES = re.compile(r"\s*[.;]\s+|\n+")
# "hoặc" is not a joint: "Quý IV/2024 hoặc khi có chỉ đạo" offers a choice a person must make.
_BARE_MONTHS = re.compile(r"^\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s*/\s*\d{4}$")
_REMARK = re.compile(r"\s*\([^()]*(?:\)|$)")  # the closing bracket may have been trimmed with the cell
# "Theo yêu cầu của cấp có thẩm quyền": the work waits for a request, an event like any other.
_ON_REQUEST = re.compile(r"^(?:theo|khi có|khi)\s+(?:yêu cầu|đề nghị|chỉ đạo)\b", re.IGNORECASE)
_AND = re.compile(r"\s+và\s+", re.IGNORECASE)
# A period shorter than a year written beside "hằng năm": the work comes round more often than yearly.
_SEVERAL_PERIODS = re.compile(
    r"^(?:(?:0?6|sáu)\s+tháng|(?:hằng|hàng)\s+(?:quý|tháng))\s*(?:,|và)\s*(?:hằng|hàng)\s+năm\b", re.IGNORECASE
)
_MILESTONE_SEPARATOR = re.compile(r"\s*;\s*|\n+")
_COMMA = re.compile(r"\s*,\s*")
# "Quý III, IV/2026, 2027": the periods of one year, then the years they go on in.
_MORE_YEARS = re.compile(r"^(?P<head>.*\d{4})(?P<years>(?:\s*(?:,|và)\s*(?:năm\s+)?\d{4})+)$", re.IGNORECASE)
_BEFORE_THE_FIRST = re.compile(r"\btrước\s+ngày\s+0?1\s*(?:/|tháng)", re.IGNORECASE)
_DATED = (TimingKind.BY_DATE, TimingKind.BY_MONTH, TimingKind.BY_QUARTER, TimingKind.WITHIN_YEAR)
# "(Chậm nhất ngày 10/12/2025 - 95 ngày trước bầu cử)": a remark giving the latest day.
_DEADLINE_REMARK = re.compile(
    r"\(\s*((?:chậm\s+nhất|muộn\s+nhất|không\s+quá|hạn\s+cuối)\s+(?:(?:là|vào|trước)\s+)?ngày\s+[\d/.\-\s]+?\d{4})",
    re.IGNORECASE,
)
_SHORTER_PERIOD = re.compile(r"(?:(?:định kỳ|hằng|hàng)\s+)?(?:0?[1-6]|sáu|ba)\s+tháng(?:\s+một\s+lần)?", re.IGNORECASE)
_ONGOING = re.compile(r"thường xuyên|liên tục", re.IGNORECASE)
# "Đợt 1: ... Đợt 2: ... Đợt 3: ...": the work runs in rounds, done when the last round ends.
_ROUND = re.compile(
    r"(?:^|(?<=[\s.;+*\-]))(?:đợt|lần(?:\s+thứ)?|giai\s+đoạn|bước)\s+(?:\d{1,2}|[IVX]+|nhất|hai|ba|tư|năm)\s*:",
    re.IGNORECASE,
)


def read_timing_cell(text: str) -> TimingProposal:
    """A timing cell read whole if it can be, else from its first sentence's parts or its deadline clause."""
    whole = parse_timing(text)
    if not _understood(whole) and _BARE_MONTHS.match(whole.text):
        # In a time column "10-11/2019" and "01/2020" are months: the column says what the numbers are.
        whole = replace(parse_timing(f"tháng {whole.text}"), text=whole.text)
    if _understood(whole) or not whole.text:
        return _before_the_first(whole)
    if milestones := _milestones(whole.text):
        return replace(milestones, text=whole.text)
    if _ON_REQUEST.match(whole.text):
        return TimingProposal(text=whole.text, kind=TimingKind.AFTER_EVENT, trigger=whole.text)
    if (deadline := _DEADLINE_REMARK.search(whole.text)) and _understood(at_latest := read_timing_cell(deadline[1])):
        # "Dự kiến ngày 05/12 (chậm nhất ngày 10/12 - ...)": the latest day is the deadline, not the planned one.
        return replace(at_latest, text=whole.text)
    if (rounds := _rounds(whole.text)) is not None:
        return rounds
    if (outside := _REMARK.sub(" ", whole.text).strip()) != whole.text and outside:
        # "Năm 2026 (sau khi Chính phủ ban hành …)": the time is outside the remark in brackets.
        reading = read_timing_cell(outside)
        if _understood(reading):
            return replace(reading, text=whole.text)
    for sentence in [part for part in _SENTENCES.split(whole.text) if part.strip()][:1]:
        reading = parse_timing(sentence)
        if not _understood(reading):
            reading = _with_more_years(sentence) or _from_parts(sentence) or _from_clause(sentence)
        if reading is not None and _understood(reading):
            return _before_the_first(replace(reading, text=whole.text))
    return whole


def reads_as_timing(line: str) -> bool:
    """A line that is a timing, or a label and a timing ("Đợt 1: từ ngày … đến ngày …", "Công tác vận động:
    Từ khi … đến khi …"): the value of a timing field written below its label."""
    label, colon, value = line.partition(":")
    return any(_understood(read_timing_cell(text)) for text in ([line, value] if colon and len(label) < 80 else [line]))


def _rounds(text: str) -> TimingProposal | None:
    """Several rounds, each with its own period: one period from the first round's start to the last's end."""
    labels = list(_ROUND.finditer(text))
    if len(labels) < 2:
        return None
    parts = [text[label.end() : later.start()] for label, later in zip(labels, labels[1:], strict=False)]
    readings = [read_timing_cell(part.strip(" .;+*-")) for part in [*parts, text[labels[-1].end() :]]]
    if not all(_understood(reading) and reading.kind in _DATED and reading.due_on for reading in readings):
        return None
    kinds = {reading.kind for reading in readings}
    return TimingProposal(
        text=text,
        kind=kinds.pop() if len(kinds) == 1 else TimingKind.BY_DATE,
        starts_on=readings[0].starts_on or readings[0].due_on,
        due_on=max(reading.due_on for reading in readings),
    )


def _milestones(text: str) -> TimingProposal | None:
    """Several parts between semicolons, at least two of them saying what is done by a date: the span
    they cover. Parts that are dates and nothing else ("Năm 2025; Năm 2030") are rounds, not milestones:
    the first speaks for the cell, as for any list of timings."""
    parts = [part for part in _MILESTONE_SEPARATOR.split(text) if part.strip()]
    if len(parts) < 2 or sum(not _understood(parse_timing(part)) for part in parts) < 2:
        return None
    dated = [reading for part in parts if (reading := _trailing_timing(part)) is not None]
    if len(dated) < 2:
        return None
    last = max(dated, key=lambda reading: reading.due_on)
    first = min(reading.starts_on or reading.due_on for reading in dated)
    return replace(last, starts_on=first) if first < last.due_on else last


def _trailing_timing(part: str) -> TimingProposal | None:
    """The date a milestone ends with ("báo cáo kiểm kê quý II/2027", "duy trì đến 2030 (phấn đấu)")."""
    words = _REMARK.sub(" ", part).strip(" .;,").split()
    for size in range(min(len(words), 8), 0, -1):
        reading = parse_timing(" ".join(words[-size:]))
        if _understood(reading) and reading.kind in (*_DATED, TimingKind.BY_DATE) and reading.due_on:
            return reading
    return None


def _with_more_years(sentence: str) -> TimingProposal | None:
    match = _MORE_YEARS.match(sentence.strip())
    if not match:
        return None
    head = parse_timing(match.group("head"))
    if not _understood(head) or head.due_on is None:
        return None
    last_year = max(int(year) for year in re.findall(r"\d{4}", match.group("years")))
    if last_year <= head.due_on.year:
        return None
    return replace(head, starts_on=head.starts_on or head.due_on, due_on=dt.date(last_year, 12, 31))


def _from_parts(sentence: str) -> TimingProposal | None:
    """The first part that is a timing speaks for the cell; "thường xuyên" only when nothing else does."""
    readings = []
    for clause in _AND.split(sentence):
        reading = parse_timing(clause)
        if _understood(reading):
            readings.append(reading)
        else:
            readings += [parse_timing(part) for part in _COMMA.split(clause) if part.strip()]
    understood = [reading for reading in readings if _understood(reading)]
    if len(readings) < 2 or not understood:
        return None
    if _SEVERAL_PERIODS.search(sentence) and not any(reading.due_on for reading in understood):
        # "6 tháng, hằng năm và định kỳ": reviews every half year and every year are a periodic duty.
        return TimingProposal(text=sentence, kind=TimingKind.RECURRING)
    best = next((reading for reading in understood if reading.kind != TimingKind.RECURRING), understood[0])
    yearly = next((reading for reading in understood if reading.kind == TimingKind.YEARLY), None)
    if yearly and any(_more_often(reading) for reading in readings):
        # "6 tháng, hằng năm và định kỳ", "hằng quý, hằng năm": reports or reviews more often than yearly.
        return TimingProposal(text=sentence, kind=TimingKind.RECURRING)
    if best.kind == TimingKind.WITHIN_YEAR and yearly and not best.starts_on:
        return yearly  # "Năm 2022 và hàng năm": the year is only the first of a yearly duty
    dated = [reading for reading in understood if reading.kind in _DATED]
    if best in dated and len(dated) > 1:
        # "Năm 2025 và năm 2026": several dated parts give one span from the first to the last.
        first = min(reading.starts_on or reading.due_on for reading in dated)
        return replace(best, starts_on=first, due_on=max(reading.due_on for reading in dated))
    return best


def _more_often(reading: TimingProposal) -> bool:
    """A rhythm shorter than a year ("6 tháng", "hằng quý", "định kỳ"), not mere continuity ("thường xuyên")."""
    if _SHORTER_PERIOD.fullmatch(reading.text):
        return True
    return reading.kind == TimingKind.RECURRING and not reading.flag and not _ONGOING.search(reading.text)


def _from_clause(sentence: str) -> TimingProposal | None:
    phrase = find_timing_in_text(sentence)
    return parse_timing(phrase) if phrase else None


def _before_the_first(reading: TimingProposal) -> TimingProposal:
    """ "trước ngày 01/01/2030" is the way to say "by the end of 2029": the day before is due."""
    due = reading.due_on
    if reading.kind == TimingKind.BY_DATE and due and due.day == 1 and _BEFORE_THE_FIRST.search(reading.text):
        return replace(reading, due_on=due - dt.timedelta(days=1))
    return reading


def _understood(reading: TimingProposal) -> bool:
    return reading.kind != TimingKind.UNSPECIFIED and not reading.flag
