"""Timing phrases of plans ("thời gian thực hiện") read into a TimingProposal, keeping the words.

A phrase is understood only when the whole of it is: every rule below must match the phrase from
its first word to its last. Anything else is kept as text, marked unspecified and flagged, so that
"Quý IV/2024 hoặc khi có chỉ đạo" is shown to a person instead of being read as Q4 2024.

Decisions a reader should know:
- several quarters, months or years ("Quý III, IV/2026", "2024 - 2025") keep their kind, with
  `starts_on` the first day of the first one and `due_on` the last day of the last one;
- "6 tháng đầu năm 2025" is BY_DATE from 01/01 to 30/06 ("6 tháng cuối năm": 01/07 to 31/12);
- "hằng tháng", "hằng quý", "thường xuyên" and "định kỳ 06 tháng, năm ..." are RECURRING;
  only "hằng năm" is YEARLY, with its day and month when the phrase names them;
- "đến (hết) năm 2030" is BY_DATE 31/12/2030: a deadline, not work within 2030;
- "trước quý IV", "trước năm 2025", "đầu năm", "cuối năm" are vague and flagged;
- "từ khi/ngày <event> đến khi/ngày <event>", "từ nay đến <event>", "từ <date> đến <event>" are
  FROM_DATE (ongoing, no date to meet); "... đến <event> <date>" is BY_DATE on the event's date;
- "sau ngày <event> <date>", "(ngay) sau khi ...", "trong thời hạn N ngày kể từ ..." are AFTER_EVENT (the
  day count stays in the text: a proposal has no field for it);
- a range joining a month and a quarter is BY_DATE from its first day to its last; "dự kiến" is the
  planned time; "hằng năm từ quý IV/2026 - 2029" is YEARLY with its first and last year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tasks.plan_import.proposal import TimingProposal
from tasks.timing import TimingKind, end_of_quarter

FIRST_YEAR = 1945
LAST_YEAR = 2100


class NotUnderstood(Exception):
    """The phrase has the shape of a timing but says something impossible; the message says what."""


# ---------------------------------------------------------------------------------------------
# Text folding: case, Unicode form and old/new tone placement, keeping every character's position
# so that what is returned (a trigger, a phrase in a paragraph) is a slice of the words as written.

_TONE_ON_A_OR_E = re.compile(r"o([áàảãạéèẻẽẹ])(?!\w)")
_TONE_ON_Y = re.compile(r"(?<![qg])u([ýỳỷỹỵ])(?!\w)")
_BARE_VOWEL = {"á": "a", "à": "a", "ả": "a", "ã": "a", "ạ": "a", "é": "e", "è": "e", "ẻ": "e", "ẽ": "e", "ẹ": "e"}
_BARE_VOWEL |= {"ý": "y", "ỳ": "y", "ỷ": "y", "ỹ": "y", "ỵ": "y"}
_TONED_U = dict(zip("ýỳỷỹỵ", "úùủũụ", strict=True))
_TONED_O = dict(zip("áàảãạéèẻẽẹ", "óòỏõọóòỏõọ", strict=True))


def _fold(text: str) -> str:
    """Lower case, new-style tone placement ("hoá" -> "hóa", "uỷ" -> "ủy"), "quí" -> "quý"; same length."""
    lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    lowered = _TONE_ON_A_OR_E.sub(lambda m: _TONED_O[m.group(1)] + _BARE_VOWEL[m.group(1)], lowered)
    lowered = _TONE_ON_Y.sub(lambda m: _TONED_U[m.group(1)] + "y", lowered)
    return re.sub(r"(?<!\w)quí(?!\w)", "quý", lowered)


def _clean(text: str) -> str:
    """The phrase as written, without surrounding whitespace, parentheses, asterisks or final period."""
    previous = None
    while text != previous:
        previous = text
        text = text.strip(" \t\r\n\xa0()*")
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1]
    return text


# ---------------------------------------------------------------------------------------------
# Building blocks of the patterns (on folded text).

_YEAR = r"\d+"
_QUARTER = r"(?:[ivx]+|\d{1,2})(?![\w])"
_MONTH = r"\d{1,2}(?!\d)"
_DAY = r"\d{1,2}(?!\d)"
_DASH_CHARS = r"\-–—‐−"
_DASH = rf"[{_DASH_CHARS}]"
_YEAR_SEP = rf"(?:\s*[/{_DASH_CHARS}]\s*|\s*,?\s+năm\s+|\s+)"
_LIST_SEP = rf"\s*(?:,|và|{_DASH}|đến|tới)\s*"
_RANGE_SEP = re.compile(rf"\s*(?:{_DASH}|(?<=\s)đến(?=\s)|(?<=\s)tới(?=\s))\s*")
_DATE_SEP = r"\s*[/.\-]\s*"
_EACH_YEAR = r"(?:hằng|hàng)\s+năm"
_EACH = r"(?:hằng|hàng)"

_LEAD_WORDS = re.compile(
    r"(?:(?:thực\s+hiện|hoàn\s+thành|thời\s+gian|thời\s+hạn|triển\s+khai|xong|dự\s+kiến)(?:\s*(?:/|và)\s*|\s*:\s*|\s+|$))+"
)
_TRAILING_PUNCTUATION = re.compile(r"[\s.,;:]+$")


@dataclass(frozen=True)
class _Span:
    """A period named by the phrase: a date, a month, a quarter or a year."""

    kind: str
    first_day: dt.date
    last_day: dt.date


def _year(raw: str) -> int:
    year = int(raw)
    if len(raw) != 4 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotUnderstood(_("Năm “%(year)s” không hợp lệ.") % {"year": raw})
    return year


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(raw: str) -> int:
    quarter = _ROMAN.get(raw) if not raw.isdigit() else int(raw)
    if quarter not in (1, 2, 3, 4):
        raise NotUnderstood(_("Không có “quý %(quarter)s”: một năm có quý I đến quý IV.") % {"quarter": raw.upper()})
    return quarter


def _month(raw: str) -> int:
    month = int(raw)
    if not 1 <= month <= 12:
        raise NotUnderstood(_("Không có “tháng %(month)s”: một năm có tháng 1 đến tháng 12.") % {"month": raw})
    return month


def _date(day: str, month: str, year: int) -> dt.date:
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        raise NotUnderstood(
            _("Ngày %(day)s/%(month)s/%(year)s không có trong lịch.") % {"day": day, "month": month, "year": year}
        ) from None


def _day_of_any_year(day: str, month: str) -> tuple[int, int]:
    """A day and month that some year has (so 29/02 passes: "trước ngày 15/12 hằng năm")."""
    try:
        dt.date(2000, int(month), int(day))
    except ValueError:
        raise NotUnderstood(_("Ngày %(day)s/%(month)s không có trong lịch.") % {"day": day, "month": month}) from None
    return int(day), int(month)


def _month_span(month: int, year: int) -> _Span:
    last = calendar.monthrange(year, month)[1]
    return _Span(TimingKind.BY_MONTH, dt.date(year, month, 1), dt.date(year, month, last))


def _quarter_span(quarter: int, year: int) -> _Span:
    return _Span(TimingKind.BY_QUARTER, dt.date(year, quarter * 3 - 2, 1), end_of_quarter(year, quarter))


def _year_span(year: int) -> _Span:
    return _Span(TimingKind.WITHIN_YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))


# ---------------------------------------------------------------------------------------------
# Points: one date, month, quarter or year, written whole.

_DAY_MONTH = rf"(?:ngày\s+)?(?P<d>{_DAY})(?:{_DATE_SEP}|\s+tháng\s+)(?P<m>{_MONTH})"
_DAY_MONTH_TEXT = rf"(?:ngày\s+)?{_DAY}(?:{_DATE_SEP}|\s+tháng\s+){_MONTH}"
_DATE_POINT = re.compile(rf"{_DAY_MONTH}(?:{_DATE_SEP}|\s*,?\s+năm\s+)(?P<y>{_YEAR})")
# "10-11/2019" is two months of 2019, not the 10th of November: a date keeps one separator.
_MIXED_SEPARATORS = re.compile(r"\d\s*([/.\-])\s*\d{1,2}\s*(?!\1)[/.\-]\s*\d")
_MONTH_POINT = re.compile(rf"tháng\s+(?P<m>{_MONTH}){_YEAR_SEP}(?P<y>{_YEAR})")
_QUARTER_POINT = re.compile(rf"quý\s+(?P<q>{_QUARTER}){_YEAR_SEP}(?P<y>{_YEAR})")
_YEAR_POINT = re.compile(rf"(?:năm\s+)?(?P<y>{_YEAR})")


def _point(text: str) -> _Span | None:
    """The span of one point in time written whole, None when `text` is not one."""
    if (match := _DATE_POINT.fullmatch(text)) and not _MIXED_SEPARATORS.search(text):
        date = _date(match.group("d"), match.group("m"), _year(match.group("y")))
        return _Span(TimingKind.BY_DATE, date, date)
    if match := _MONTH_POINT.fullmatch(text):
        return _month_span(_month(match.group("m")), _year(match.group("y")))
    if match := _QUARTER_POINT.fullmatch(text):
        return _quarter_span(_quarter(match.group("q")), _year(match.group("y")))
    if match := _YEAR_POINT.fullmatch(text):
        return _year_span(_year(match.group("y")))
    return None


_MONTH_LIST = re.compile(
    rf"(?:từ\s+)?tháng\s+(?P<items>{_MONTH}(?:{_LIST_SEP}(?:tháng\s+)?{_MONTH})+){_YEAR_SEP}(?P<y>{_YEAR})"
)
_QUARTER_LIST = re.compile(
    rf"(?:từ\s+)?quý\s+(?P<items>{_QUARTER}(?:{_LIST_SEP}(?:quý\s+)?{_QUARTER})+){_YEAR_SEP}(?P<y>{_YEAR})"
)
_YEAR_LIST = re.compile(rf"(?:năm\s+)?(?P<items>{_YEAR}(?:\s*(?:,|và)\s*(?:năm\s+)?{_YEAR})+)")
_LIST_ITEM = re.compile(r"(?<!\w)(?:[ivx]+|\d+)(?!\w)")


def _list_spans(text: str) -> list[_Span] | None:
    """Several months or quarters of one year, or several years: "Quý III, IV/2026", "tháng 8 - 9/2024"."""
    if match := _MONTH_LIST.fullmatch(text):
        year = _year(match.group("y"))
        return [_month_span(_month(item), year) for item in _LIST_ITEM.findall(match.group("items"))]
    if match := _QUARTER_LIST.fullmatch(text):
        year = _year(match.group("y"))
        return [_quarter_span(_quarter(item), year) for item in _LIST_ITEM.findall(match.group("items"))]
    if match := _YEAR_LIST.fullmatch(text):
        return [_year_span(_year(item)) for item in _LIST_ITEM.findall(match.group("items"))]
    return None


def _range_spans(text: str) -> list[_Span] | None:
    """Two points joined by a dash or "đến": "2024 - 2030", "quý IV/2024 - quý I/2025"."""
    problem: NotUnderstood | None = None
    for separator in _RANGE_SEP.finditer(text):
        try:
            last = _point(text[separator.end() :])
            first = _point(text[: separator.start()]) or _day_before(text[: separator.start()], last)
        except NotUnderstood as error:
            problem = problem or error
            continue
        if first is not None and last is not None:
            return [first, last]
    if problem is not None:
        raise problem
    return None


_DAY_MONTH_ONLY = re.compile(rf"(?:từ\s+)?{_DAY_MONTH}")


def _day_before(text: str, last: _Span | None) -> _Span | None:
    """ "Từ ngày 01/9 đến ngày 30/9/2025": the first day takes its year from the last."""
    match = _DAY_MONTH_ONLY.fullmatch(text.strip())
    if match is None or last is None or last.kind != TimingKind.BY_DATE:
        return None
    date = _date(match.group("d"), match.group("m"), last.first_day.year)
    return _Span(TimingKind.BY_DATE, date, date)


def _several(spans: list[_Span], text: str, ends_only: bool = False) -> dict[str, Any]:
    """A list keeps its one kind; a range may join two kinds ("từ tháng 12/2025 đến quý I/2026"): it is
    then a period from a day to a day (BY_DATE)."""
    kinds = {span.kind for span in spans}
    if len(kinds) != 1 and (not ends_only or TimingKind.WITHIN_YEAR in kinds):  # "quý IV/2024 - 2025": which?
        raise NotUnderstood(_not_understood(text))
    if any(later.first_day <= earlier.first_day for earlier, later in zip(spans, spans[1:], strict=False)):
        raise NotUnderstood(_("Trong “%(text)s”, thời điểm đầu không đứng trước thời điểm cuối.") % {"text": text})
    kind = spans[0].kind if len(kinds) == 1 else TimingKind.BY_DATE
    return {"kind": kind, "starts_on": spans[0].first_day, "due_on": spans[-1].last_day}


# ---------------------------------------------------------------------------------------------
# Rules: each reads the whole remainder of the phrase (after its lead words) or does not apply.

_DONE = re.compile(r"đã\s+(?:hoàn\s+thành|thực\s+hiện(?:\s+xong)?|xong)")
_RECURRING = re.compile(
    rf"(?:là\s+)?(?:nhiệm\s+vụ\s+)?thường\s+xuyên(?:\s*,?\s*liên\s+tục)?|liên\s+tục|{_EACH}\s+(?:tháng|quý|tuần)"
    rf"|(?:trước\s+|chậm\s+nhất\s+|vào\s+)?(?:ngày\s+)?(?P<day>{_DAY})\s+{_EACH}\s+tháng"
)
_PERIOD = rf"(?:{_EACH}\s+)?(?:0?6\s+tháng|sáu\s+tháng|tháng|quý|năm|tuần)(?!\w)"
_PERIODIC = re.compile(
    rf"(?:theo\s+)?định\s+kỳ(?:\s+{_PERIOD}(?:\s*(?:,|và|hoặc)\s*{_PERIOD})*)?"
    r"(?:\s*,?\s*(?:hoặc|và)\s+(?:theo\s+yêu\s+cầu\s+)?đột\s+xuất)?"
)
_YEARLY = re.compile(rf"(?:định\s+kỳ\s+)?{_EACH_YEAR}")
_DEADLINE = r"(?:(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:trước|vào|trong))?|không\s+quá|vào|đến)\s+)?"
_YEARLY_BY_DAY = re.compile(
    rf"{_DEADLINE}(?P<when>{_DAY_MONTH_TEXT})\s*,?\s*{_EACH_YEAR}"
    rf"|{_EACH_YEAR}\s*,?\s*{_DEADLINE}(?P<when2>{_DAY_MONTH_TEXT})"
)
# "Hằng năm từ quý IV/2026 - 2029", "hằng năm, giai đoạn 2026 - 2030", "hằng năm từ năm 2026": a yearly duty
# over a span: it starts with the span and its last year is the last one due.
_YEARLY_OVER = re.compile(rf"(?:định\s+kỳ\s+)?{_EACH_YEAR}\s*,?\s*(?:trong\s+)?(?:giai\s+đoạn|từ)\s+(?P<span>.+)")
_YEARLY_IN_PERIOD = re.compile(rf"(?:trong\s+)?(?:quý\s+(?P<q>{_QUARTER})|tháng\s+(?P<m>{_MONTH}))\s*,?\s*{_EACH_YEAR}")
_AFTER_EVENT = re.compile(r"(?:ngay\s+)?(?:sau\s+khi|khi|trong\s+trường\s+hợp)\s+(?P<trigger>\S.*)")
# "Sau ngày bầu cử 15/3/2026": after the day of an event, the date naming that day, not a deadline.
_AFTER_DAY = re.compile(r"(?:ngay\s+)?sau\s+(?P<trigger>ngày\s+\D.*)")
# "trong thời hạn 05 ngày kể từ ngày nhận đơn", "trong vòng 10 ngày làm việc sau khi ...": a delay after an event.
_DAYS_AFTER = re.compile(
    r"(?:(?:trong|chậm\s+nhất)\s+)?(?:(?:thời\s+hạn|vòng|thời\s+gian)\s+)?(?:không\s+quá\s+)?\d{1,3}\s+ngày"
    r"(?:\s+làm\s+việc)?\s*,?\s*(?:kể\s+từ|tính\s+từ|sau)\s+(?:khi\s+)?(?P<trigger>\S.*)"
)
# "Từ khi thành lập đến khi kết thúc ...", "từ nay đến kết thúc cuộc bầu cử", "Từ ngày 15/3/2026 đến ngày
# bầu cử": work that runs until an event, with no date to meet; "... đến ngày bầu cử 15/3/2026" dates the event.
_FROM_UNTIL = re.compile(
    r"(?:(?:xuyên\s+suốt|bắt\s+đầu|trong\s+(?:khoảng\s+)?thời\s+gian)\s+)?từ\s+(?P<start>.+?)"
    r"\s+(?:đến|tới)\s+(?:hết\s+)?(?P<end>.+)"
)
_EVENT_DATE = re.compile(
    rf"(?P<event>.*[^\W\d].*?)\s*,?\s+(?P<date>(?:ngày\s+)?{_DAY}{_DATE_SEP}{_MONTH}{_DATE_SEP}\d{{4}})"
)
_A_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_VAGUE_TRIGGERS = {"cần", "cần thiết", "có thể"}
_FROM = re.compile(
    r"(?:bắt\s+đầu\s+)?từ\s+(?P<point>.+?)(?:\s+trở\s+đi|\s+và\s+(?:các|những)\s+năm\s+tiếp\s+theo)?"
    r"|(?P<point2>.+?)\s+(?:trở\s+đi|và\s+(?:các|những)\s+năm\s+tiếp\s+theo)"
)
_UNTIL = re.compile(r"(?:từ\s+nay\s+)?(?:đến|tới)\s+(?:hết\s+)?(?P<point>.+)")
_BY_DATE = re.compile(rf"{_DEADLINE}(?P<point>.+)")
_HALF_YEAR = re.compile(rf"(?:trong\s+)?(?:0?6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm\s+(?P<y>{_YEAR})")
_WITHIN = re.compile(
    r"(?:(?:trong|chậm\s+nhất(?:\s+(?:là|trong|vào))?|vào)\s+)?(?:(?:suốt|cả)\s+)?"
    r"(?:(?:giai\s+đoạn|các\s+năm|thời\s+kỳ|từ)\s+)?(?P<body>.+)"
)
_ANY_SPACE = re.compile(r"\s")
_BLANK_DAY = re.compile(r"(?<!\w)ngày\s+(?:[.…]+\s*)?(?=tháng\s)")
_WITHOUT_YEAR = re.compile(
    rf"(?:trong\s+|trước\s+|chậm\s+nhất\s+)?(?:quý\s+{_QUARTER}(?:{_LIST_SEP}(?:quý\s+)?{_QUARTER})*"
    rf"|tháng\s+{_MONTH}(?:{_LIST_SEP}(?:tháng\s+)?{_MONTH})*|{_DAY_MONTH_TEXT}|năm"
    rf"|(?:6|06|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm)"
)


def parse_timing(text: str) -> TimingProposal:
    """Read one timing phrase; what cannot be read whole stays as text, unspecified and flagged."""
    written = _clean(text)
    proposal = TimingProposal(text=written)
    if not written:
        return proposal
    # A table cell wrapped over lines reads as one line; one character for one keeps spans aligned.
    source = _ANY_SPACE.sub(" ", unicodedata.normalize("NFC", written))
    folded = _fold(source)
    lead = _LEAD_WORDS.match(folded)
    start = lead.end() if lead else 0
    trailing = _TRAILING_PUNCTUATION.search(folded, start)
    end = trailing.start() if trailing else len(folded)
    try:
        reading = _read(folded[start:end], source[start:end], written)
    except NotUnderstood as problem:
        proposal.flag = str(problem)
        return proposal
    for name, value in reading.items():
        setattr(proposal, name, value)
    return proposal


def _read(phrase: str, source: str, written: str) -> dict[str, Any]:
    """The fields of a TimingProposal for the folded `phrase` (`source`: the same span as written)."""
    if not phrase:
        raise NotUnderstood(_not_understood(written))
    if _DONE.fullmatch(phrase):
        return {"kind": TimingKind.DONE}
    if reading := _read_recurring(phrase):
        return reading
    if reading := _yearly_within(phrase, written):
        return reading
    if match := _AFTER_EVENT.fullmatch(phrase) or _DAYS_AFTER.fullmatch(phrase):
        return _after_event(source[match.start("trigger") :], written)
    if (match := _AFTER_DAY.fullmatch(phrase)) and _point(_EVENT_DATE.fullmatch(match["trigger"])["date"]):
        trigger = _TRAILING_PUNCTUATION.sub("", source[match.start("trigger") :]).strip()
        return {"kind": TimingKind.AFTER_EVENT, "trigger": trigger}
    if match := _HALF_YEAR.fullmatch(phrase):
        year = _year(match.group("y"))
        first, last = (dt.date(year, 1, 1), dt.date(year, 6, 30))
        if match.group("half") == "cuối":
            first, last = (dt.date(year, 7, 1), dt.date(year, 12, 31))
        return {"kind": TimingKind.BY_DATE, "starts_on": first, "due_on": last}
    if reading := _read_dated(phrase, written) or _read_until_event(phrase):
        return reading
    if _WITHOUT_YEAR.fullmatch(phrase):
        raise NotUnderstood(_("“%(text)s” không nêu năm.") % {"text": written})
    raise NotUnderstood(_not_understood(written))


_YEARLY_WITHIN = re.compile(rf"(?:định\s+kỳ\s+)?{_EACH_YEAR}\s*,?\s*(?:trong\s+)?(?P<span>.+)")
_OPEN_TO_YEAR = re.compile(r"(?:từ\s+)?(?P<first>.+?)\s*[-–]\s*(?:năm\s+)?(?P<year>\d{4})")


def _yearly_within(phrase: str, written: str) -> dict[str, Any] | None:
    """ "Hằng năm từ quý IV/2026 - 2029", "hằng năm giai đoạn 2026 - 2030": a yearly duty over a span,
    due when the span ends."""
    match = _YEARLY_WITHIN.fullmatch(phrase)
    if not match:
        return None
    span = match.group("span")
    try:
        reading = _read_dated(span, written)
    except NotUnderstood:
        reading = None
    if not reading and (bounded := _OPEN_TO_YEAR.fullmatch(span)):
        try:
            first = _read_dated(bounded.group("first"), written)
        except NotUnderstood:
            first = None
        if first:
            last = dt.date(_year(bounded.group("year")), 12, 31)
            reading = {"starts_on": first.get("starts_on") or first.get("due_on"), "due_on": last}
    if not reading or not reading.get("due_on") or not reading.get("starts_on"):
        return None
    if reading["starts_on"].year == reading["due_on"].year:
        return None
    return {"kind": TimingKind.YEARLY, "starts_on": reading["starts_on"], "due_on": reading["due_on"]}


def _read_recurring(phrase: str) -> dict[str, Any] | None:
    if _YEARLY.fullmatch(phrase):
        return {"kind": TimingKind.YEARLY}
    if (match := _YEARLY_OVER.fullmatch(phrase)) and (reading := _yearly_over(match["span"])):
        return reading
    if match := _YEARLY_BY_DAY.fullmatch(phrase):
        day, month = _day_of_any_year(*re.fullmatch(_DAY_MONTH, match.group("when") or match.group("when2")).groups())
        return {"kind": TimingKind.YEARLY, "yearly_due_day": day, "yearly_due_month": month}
    if match := _YEARLY_IN_PERIOD.fullmatch(phrase):
        month = _quarter(match.group("q")) * 3 if match.group("q") else _month(match.group("m"))
        last_day = calendar.monthrange(2001, month)[1]  # a common year: the day exists every year
        return {"kind": TimingKind.YEARLY, "yearly_due_day": last_day, "yearly_due_month": month}
    if match := _RECURRING.fullmatch(phrase):
        if match.group("day") and not 1 <= int(match.group("day")) <= 31:
            raise NotUnderstood(_("Không có ngày %(day)s trong tháng.") % {"day": match.group("day")})
        return {"kind": TimingKind.RECURRING}
    if _PERIODIC.fullmatch(phrase):
        return {"kind": TimingKind.RECURRING}
    return None


def _yearly_over(span: str) -> dict[str, Any] | None:
    if (start := _point(span)) is not None:
        return {"kind": TimingKind.YEARLY, "starts_on": start.first_day}
    for separator in _RANGE_SEP.finditer(span):
        first, last = _point(span[: separator.start()]), _point(span[separator.end() :])
        if first is not None and last is not None and first.first_day < last.first_day:
            return {"kind": TimingKind.YEARLY, "starts_on": first.first_day, "due_on": last.last_day}
    return None


def _after_event(trigger: str, written: str) -> dict[str, Any]:
    trigger = _TRAILING_PUNCTUATION.sub("", trigger).strip()
    if _fold(trigger) in _VAGUE_TRIGGERS:
        raise NotUnderstood(_not_understood(written))
    if find_timing_in_text(trigger):
        raise NotUnderstood(
            _("“%(text)s” nêu cả sự kiện và thời hạn; hãy chọn loại thời hạn và nhập ngày.") % {"text": written}
        )
    return {"kind": TimingKind.AFTER_EVENT, "trigger": trigger}


def _read_dated(phrase: str, written: str) -> dict[str, Any] | None:
    """Dates, months, quarters, years, their lists and ranges, from a start or until an end."""
    phrase = _BLANK_DAY.sub("", phrase)  # "ngày … tháng 11/2025" of a form whose day was left blank
    if match := _FROM.fullmatch(phrase):
        point = _point(match.group("point") or match.group("point2"))
        if point is not None:
            return {"kind": TimingKind.FROM_DATE, "starts_on": point.first_day}
    if match := _UNTIL.fullmatch(phrase):
        point = _point(match.group("point"))
        if point is not None:
            return {"kind": TimingKind.BY_DATE, "due_on": point.last_day}
    if match := _BY_DATE.fullmatch(phrase):
        point = _point(match.group("point")) if _DATE_POINT.fullmatch(match.group("point")) else None
        if point is not None:
            return {"kind": TimingKind.BY_DATE, "due_on": point.last_day}
    body = _WITHIN.fullmatch(phrase).group("body")
    if (point := _point(body)) is not None:
        return {"kind": point.kind, "due_on": point.last_day}
    if (spans := _list_spans(body)) is not None:
        return _several(spans, written)
    if (spans := _range_spans(body)) is not None:
        return _several(spans, written, ends_only=True)
    return None


def _read_until_event(phrase: str) -> dict[str, Any] | None:
    """ "từ <a time or an event> đến <an event>": ongoing from the start (FROM_DATE, no deadline); when
    the event is dated ("đến ngày bầu cử 15/3/2026") its date is the deadline. An end with a year in it
    that is not such a date ("đến năm 2020 và tiếp theo") is left to the other rules."""
    match = _FROM_UNTIL.fullmatch(phrase)
    if not match:
        return None
    start = _point(match["start"]) if _A_YEAR.search(match["start"]) else None
    if (dated := _EVENT_DATE.fullmatch(match["end"])) and (end := _point(dated["date"])) is not None:
        return {"kind": TimingKind.BY_DATE, "starts_on": start.first_day if start else None, "due_on": end.last_day}
    if _A_YEAR.search(match["end"]) or _WITHOUT_YEAR.fullmatch(match["end"]) or _point(match["end"]):
        return None
    if _A_YEAR.search(match["start"]) and start is None:
        return None
    return {"kind": TimingKind.FROM_DATE, "starts_on": start.first_day if start else None}


def _not_understood(text: str) -> str:
    return _("Chưa hiểu thời gian thực hiện “%(text)s”: hãy chọn loại thời hạn và nhập ngày.") % {"text": text}


# ---------------------------------------------------------------------------------------------
# Finding the timing phrase a prose paragraph carries.

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_CLOSES_PARAGRAPH = re.compile(r"[\s.;,:*/_]*")
_TIMING_LEAD = re.compile(r"\**\s*(?:thực\s+hiện|hoàn\s+thành|thời\s+gian|thời\s+hạn)(?!\w)")
_CLAUSE_START = re.compile(
    r"(?<!\w)(?:thực\s+hiện|hoàn\s+thành|thời\s+gian|thời\s+hạn|trước\s+ngày|trước|chậm\s+nhất"
    r"|(?:trong|vào)\s+(?:quý|tháng|năm|giai\s+đoạn)|(?:xuyên\s+suốt\s+)?từ\s+(?:năm|tháng|quý|ngày|nay|khi)"
    r"|(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+năm)(?!\w)"
)
_DEADLINE_CLAUSE = re.compile(r"(?<!\w)(?:trước\s+ngày|chậm\s+nhất(?:\s+là)?(?:\s+ngày)?|hoàn\s+thành\s+trước)(?!\w)")
_SENTENCE_END = re.compile(r"[.;](?=\s|$)|\n")
# Matched without spaces: a PDF's text layer may split a word ("các k ế hoạch hằng năm").
_NAMED_BY_YEAR = re.compile(r"(?<!theo)(?:kếhoạch|báocáo|chươngtrình|dựtoán)$")
_EACH_YEAR_START = re.compile(r"(?:hằng|hàng)\s+năm")
_CLOSING_REMARK = re.compile(r"\s*\([^()]*\)?[\s.;,]*$")
# "vào năm 2026" dates an item that opens with an act done once ("Tổng kết giai đoạn 2021-2023 vào năm 2023;
# giai đoạn 2024-2026 vào năm 2026"); in an item of lasting work
# ("Phát triển du lịch xanh ... vào năm 2030") it is the year aimed at.
_IN_YEAR = re.compile(r"vào\s+năm(?!\w)")
_ONE_OFF_ACT = re.compile(
    r"\s*(?:[-+*•]\s*)?(?:tổ\s+chức|tổng\s+kết|sơ\s+kết|hoàn\s+thành|ban\s+hành|báo\s+cáo|trình)(?!\w)"
)
_AIM = re.compile(r"(?<!\w)(?:hướng\s+tới|phấn\s+đấu|trở\s+thành|mục\s+tiêu)(?!\w)")
# "(thực hiện quy trình, biên bản mẫu 03)" opens like a timing but names no time: it is not one.
_TIME_WORD = re.compile(
    r"(?<!\w)(?:năm|tháng|quý|ngày|tuần|khi|sau|trước|sớm|ngay|kịp\s+thời|thường\s+xuyên|định\s+kỳ|hằng|hàng"
    r"|giai\s+đoạn|\d{4})(?!\w)"
)
# "Đợt 2: Từ ngày 23/02/2026 đến ngày 14/3/2026 gồm các nội dung:": a round is named by its time.
_ROUND_LABEL = re.compile(r"\**\s*(?:đợt|lần(?:\s+thứ)?|giai\s+đoạn|bước)\s+(?:\d{1,2}|[ivx]+|\w+)\s*[:.\-–]\s*")
# "Gửi biên bản ... ngay sau khi kết thúc hội nghị.": an event closing the sentence, without a clause of its own.
# "khi có yêu cầu/đề nghị" inside a sentence says on what the work is done, not when: it is no timing there.
_AFTER_CLAUSE = re.compile(
    r"(?<!\w)(?:(?:ngay\s+)?sau\s+khi|khi\s+có(?!\s+(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo))|trong\s+trường\s+hợp)\s+[^,;:]+$"
)


def find_timing_in_text(paragraph: str) -> str:
    """The timing phrase of a prose paragraph, as written, or "" when it carries none.

    A paragraph that is a timing phrase and nothing else is returned whole. Otherwise, in order:
    - a parenthesis closing the paragraph ("(*thực hiện từ năm 2019*)"), even one not understood
      when it opens with "thực hiện"/"hoàn thành", so that it gets flagged rather than dropped;
    - a parenthesis elsewhere that opens so and is understood;
    - an understood clause that ends a sentence: "..., hoàn thành trong quý IV/2024.".
    Words in the middle of a sentence ("... đến năm 2030 theo quy định ...") are never taken.
    """
    source = unicodedata.normalize("NFC", paragraph)
    folded = _fold(source)
    whole = parse_timing(source)
    if _is_understood(whole) and (whole.kind != TimingKind.AFTER_EVENT or _TIMING_LEAD.match(folded)):
        # A sentence opening with "Khi ..." or "Sau khi ..." is prose, not an event-driven timing.
        return whole.text
    if (label := _ROUND_LABEL.match(folded)) and (leading := _leading_timing(source, folded, label.end())):
        return leading
    parentheses = list(_PARENTHESIS.finditer(folded))
    if parentheses and _CLOSES_PARAGRAPH.fullmatch(folded, parentheses[-1].end()):
        inner = parentheses[-1].group(1)
        if _TIMING_LEAD.match(inner) and _TIME_WORD.search(inner) or _understood(inner):
            return _clean(source[parentheses[-1].start(1) : parentheses[-1].end(1)])
    for parenthesis in reversed(parentheses):
        inner = parenthesis.group(1)
        if _TIMING_LEAD.match(inner) and _understood(inner):
            return _clean(source[parenthesis.start(1) : parenthesis.end(1)])
    return _clause_ending_a_sentence(source, folded)


def _clause_ending_a_sentence(source: str, folded: str) -> str:
    ends = [match.start() for match in _SENTENCE_END.finditer(folded)] + [len(folded)]
    starts = [0] + [match.end() for match in _SENTENCE_END.finditer(folded)]
    for start, end in reversed(list(zip(starts, ends, strict=True))):
        for clause in _CLAUSE_START.finditer(folded, start, end):
            candidate = source[clause.start() : end]
            if _AIM.search(folded, start, clause.start()):
                break  # "hướng tới ... trở thành ... vào năm 2030": the horizon of an aim, not a deadline
            if _IN_YEAR.match(folded, clause.start()) and not _ONE_OFF_ACT.match(folded):
                continue  # "phát triển du lịch xanh ... vào năm 2030": a lasting aim's year, not a deadline
            if _names_a_yearly_thing(folded[start : clause.start()]) and _EACH_YEAR_START.match(folded, clause.start()):
                continue  # "ban hành ... các kế hoạch hằng năm": annual plans are the work's object, not its time
            if _understood(candidate):
                return _clean(candidate)
            remark = _CLOSING_REMARK.search(candidate)
            if remark and remark.start() and _understood(candidate[: remark.start()]):
                return _clean(candidate[: remark.start()])  # "trước ngày 15/12/2026 (qua phòng Hành chính)."
        # Not at the sentence's start: "Sau khi ..., Sở X ..." opens a sentence, it does not time it.
        after = _AFTER_CLAUSE.search(folded[:end].rstrip(" )*"), start + 1)
        offered = folded[start : after.start()].rstrip().endswith("hoặc") if after else False  # a choice
        if after and not offered and _understood(source[after.start() : end]):
            return _clean(source[after.start() : end])
    # A deadline clause closed by a comma: "Rà soát xong trước ngày 15/8/2026, gửi Sở Nội vụ tổng hợp."
    for clause in _DEADLINE_CLAUSE.finditer(folded):
        comma = folded.find(",", clause.end())
        candidate = source[clause.start() : comma if comma != -1 else len(source)]
        if comma != -1 and _understood(candidate):
            return _clean(candidate)
    return ""


# A rhythm named inside a sentence that has no timing clause: "… theo kế hoạch hằng năm và dài hạn về …"
# (yearly), "… và định kỳ báo cáo UBND tỉnh …" (recurring: "định kỳ" before the work it repeats).
_YEARLY_PLAN = re.compile(rf"(?<!\w)theo\s+(?:kế\s+hoạch|chương\s+trình)\s+{_EACH_YEAR}(?!\w)")
# "Xây dựng ... các kế hoạch hằng năm": with no other timing, annual plans are made each year.
_YEARLY_THING = re.compile(rf"(?:kế\s*hoạch|báo\s*cáo)\s+(?P<each>{_EACH_YEAR})(?!\w)")
_PERIODIC_WORK = re.compile(r"(?<!\w)định\s+kỳ\s+(?:báo\s+cáo|kiểm\s+tra|sơ\s+kết|giao\s+ban)(?!\w)")


def rhythm_in_text(paragraph: str) -> TimingProposal | None:
    """The rhythm a sentence names in passing, when it has no timing phrase of its own (find_timing_in_text)."""
    source = unicodedata.normalize("NFC", paragraph)
    folded = _fold(source)
    if match := _YEARLY_PLAN.search(folded):
        return TimingProposal(text=source[match.start() : match.end()], kind=TimingKind.YEARLY)
    if match := _PERIODIC_WORK.search(folded):
        return TimingProposal(text=source[match.start() : match.end()], kind=TimingKind.RECURRING)
    if match := _YEARLY_THING.search(folded):
        return TimingProposal(text=source[match.start("each") : match.end()], kind=TimingKind.YEARLY)
    return None


def _names_a_yearly_thing(before: str) -> bool:
    """ "các kế hoạch" before "hằng năm": the annual plans are named, not the time of the work."""
    return bool(_NAMED_BY_YEAR.search(re.sub(r"\s+", "", before)))


def _leading_timing(source: str, folded: str, start: int) -> str:
    """The longest run of words from `start` that reads as a timing ("Từ ngày 05/12/2025 đến ngày
    20/02/2026" in "... gồm các nội dung:"), or ""."""
    ends = [match.start() for match in re.finditer(r"\s+|[:;,]|$", folded[start:])]
    for end in sorted(set(ends), reverse=True):
        candidate = source[start : start + end]
        if candidate.strip() and _understood(candidate):
            return _clean(candidate)
    return ""


def _understood(phrase: str) -> bool:
    return _is_understood(parse_timing(phrase))


def _is_understood(timing: TimingProposal) -> bool:
    return timing.kind != TimingKind.UNSPECIFIED and not timing.flag
