"""A plan's reporting duty, read from the sentences of its "Tổ chức thực hiện" section.

"định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất" -> semiannual, annual and ad hoc reports;
"trước ngày 20 hằng tháng" -> monthly, due on the 20th; "trước ngày 10/12 hằng năm" -> the annual
report is due on 10 December. Pure text rules, no ORM: whom the reports go to is left to the
extractor, which knows the agency registry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tasks.plan_import.proposal import ReportingProposal
from tasks.plan_import.wording import until_action

MONTHLY = "monthly"
QUARTERLY = "quarterly"
SEMIANNUAL = "semiannual"
ANNUAL = "annual"
AD_HOC = "ad_hoc"

_EVERY = r"(?:hằng|hàng|mỗi)"
_NOT_A_YEAR = r"(?!\s*\d)"  # "năm 2019" names a year, not a period
_NOT_A_QUARTER = r"(?!\s*(?:(?-i:[IV]+)\b|\d))"  # "quý IV" names a quarter, not a period

# Each period as plans name it on its own. "báo cáo tháng" and "báo cáo năm" count; "tháng 12",
# "06 tháng đầu năm" and "Kế hoạch năm 2019" do not name a monthly or an annual report.
_PERIOD_PATTERNS = {
    MONTHLY: rf"{_EVERY} tháng\b|(?:báo cáo|định kỳ|theo) tháng\b{_NOT_A_YEAR}",
    QUARTERLY: rf"{_EVERY} quý\b|(?:báo cáo|định kỳ|theo) quý\b{_NOT_A_QUARTER}",
    SEMIANNUAL: r"\b(?:0?6|sáu) tháng\b(?: (?:đầu|cuối) năm\b)?|\bnửa năm\b",
    ANNUAL: rf"{_EVERY} năm\b|(?:báo cáo|định kỳ|theo) năm\b{_NOT_A_YEAR}",
    AD_HOC: r"(?:theo|khi có) yêu cầu(?: đột xuất)?|\bđột xuất(?: khi có yêu cầu)?",
}
# A bare period word continuing a list: "hằng quý, 6 tháng, năm", "06 tháng, năm hoặc đột xuất".
_LISTED_PATTERNS = {
    QUARTERLY: rf"quý\b{_NOT_A_QUARTER}",
    ANNUAL: rf"(?:0?1 |một )?năm\b{_NOT_A_YEAR}",
}
_LIST_SEPARATOR = r"\s*(?:,\s*(?:và\s+|hoặc\s+)?|\s+(?:và|hoặc)\s+)"
_PERIODIC_WORD = re.compile(r"\bđịnh kỳ\b", re.IGNORECASE)

_BEFORE = r"(?:trước|chậm nhất(?: là)?|không muộn hơn|không quá)\s+ngày\s+"
# "trước ngày 10/12", "trước ngày 15 tháng 12", "trước ngày 20 hằng tháng", "trước ngày 15 của tháng cuối quý"
_DUE_DATE = re.compile(
    _BEFORE + r"(?P<day>\d{1,2})\b(?:\s*/\s*(?P<month>\d{1,2})\b(?:\s*/\s*(?P<year>\d{4}))?"
    r"|\s+(?:của\s+)?tháng\s+(?P<month_word>\d{1,2})\b(?:\s+năm\s+(?P<year_word>\d{4}))?"
    rf"|\s+{_EVERY} tháng\b"
    r"|\s+của tháng (?:(?:cuối|đầu) (?:quý|năm|kỳ)|sau|tiếp theo|kế tiếp)\b)?",
    re.IGNORECASE,
)
_FOLLOWED_BY_EVERY_YEAR = re.compile(rf"^\s*\(?\s*{_EVERY} năm\b", re.IGNORECASE)
_DUTY_CLAUSE = re.compile(r"(?:tổng hợp,?\s+(?:và\s+)?)?báo cáo\b", re.IGNORECASE)
_REPORTS = re.compile(r"\bbáo cáo\b", re.IGNORECASE)
# "báo cáo Bộ trưởng về kết quả ...": reporting results, a few words apart within one clause.
_REPORTS_RESULTS = re.compile(r"\bbáo cáo(?:\s+[^\s,.;:]+){0,5}?\s+kết quả\b", re.IGNORECASE)

# What a subject does when its only work is reporting: "báo cáo ...", "tổng hợp, báo cáo ...",
# "định kỳ hằng quý báo cáo ...", "gửi báo cáo ...".
_REPORTING_ACTION = re.compile(
    r"^(?:(?:theo )?định kỳ [^,;]*?,?\s+)?(?:tổng hợp,?\s+(?:và\s+)?)?(?:gửi\s+)?báo cáo\b", re.IGNORECASE
)

# Sentence ends: ". ", "./.", line breaks; list markers and Markdown headings are not part of a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:/\.)?\s+|\n+")
_LEADING_MARKER = re.compile(r"^\s*(?:#+\s*|[-+*•]\s+|(?:[a-zđ]|[IVX]+|\d{1,2}(?:\.\d{1,2})*)[.)]\s+)*", re.IGNORECASE)


def no_period_flag() -> str:
    return _("Không nêu kỳ báo cáo định kỳ")


def no_duty_flag() -> str:
    return _("Không tìm thấy nhiệm vụ báo cáo")


@dataclass(frozen=True)
class _Mention:
    """A period or a due date found in the sentence, with where it was written."""

    kind: str  # a period kind, or "due"
    start: int
    end: int
    day: int | None = None
    month: int | None = None


def _period_mentions(text: str) -> list[_Mention]:
    mentions = [
        _Mention(kind, found.start(), found.end())
        for kind, pattern in _PERIOD_PATTERNS.items()
        for found in re.finditer(pattern, text, re.IGNORECASE)
    ]
    mentions.sort(key=lambda mention: (mention.start, -mention.end))
    return _with_listed_periods(text, _drop_overlaps(mentions))


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """The longest reading of each stretch of words: "đột xuất khi có yêu cầu" is one mention."""
    kept: list[_Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _with_listed_periods(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Add bare period words that continue a list started by a named period ("06 tháng, năm")."""
    found = list(mentions)
    position = 0
    while position < len(found):
        anchor = found[position]
        rest = text[anchor.end :]
        for kind, pattern in _LISTED_PATTERNS.items():
            listed = re.match(rf"(?P<sep>{_LIST_SEPARATOR})(?:{pattern})", rest, re.IGNORECASE)
            if listed is None:
                continue
            start = anchor.end + listed.end("sep")
            if not any(m.start <= start < m.end for m in found):
                found.insert(position + 1, _Mention(kind, start, anchor.end + listed.end()))
            break
        position += 1
    return found


def _due_mentions(text: str, periods: list[_Mention]) -> tuple[list[_Mention], list[str]]:
    dues, flags = [], []
    for found in _DUE_DATE.finditer(text):
        day = int(found["day"])
        month_text = found["month"] or found["month_word"]
        month = int(month_text) if month_text else None
        if found["year"] or found["year_word"]:
            flags.append(_("Hạn báo cáo là một ngày cụ thể, không lặp lại: %(text)s") % {"text": found.group(0)})
            continue
        if not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
            flags.append(_("Ngày hạn báo cáo không hợp lệ: %(text)s") % {"text": found.group(0)})
            continue
        kind = ANNUAL if month is not None and _annual_due(text, found.end(), found.start(), periods) else "due"
        dues.append(_Mention(kind, found.start(), found.end(), day, month))
    return dues, flags


def _annual_due(text: str, end: int, start: int, periods: list[_Mention]) -> bool:
    """A day and month ("trước ngày 10/12") are the annual report's due date when "hằng năm" follows,
    when the period named last before them is the annual one, or when no period is named at all."""
    if _FOLLOWED_BY_EVERY_YEAR.match(text[end:]):
        return True
    scheduled = [mention for mention in periods if mention.kind != AD_HOC]
    before = [mention for mention in scheduled if mention.end <= start]
    return before[-1].kind == ANNUAL if before else not scheduled


def _phrase(text: str, mentions: list[_Mention]) -> str:
    """The duty as written, from "định kỳ" or the first period to the last period or due date."""
    start = min(mention.start for mention in mentions)
    end = max(mention.end for mention in mentions)
    periodic = [found for found in _PERIODIC_WORD.finditer(text, 0, start) if not text[found.end() : start].strip()]
    if periodic:
        start = periodic[-1].start()
    phrase = text[start:end]
    if phrase.count("(") > phrase.count(")") and text[end:].lstrip().startswith(")"):
        phrase = text[start : end + text[end:].index(")") + 1]
    return phrase.strip()


def _duty_clause(text: str) -> str:
    """A duty to report that names no period: from "tổng hợp, báo cáo" to the end of the sentence."""
    found = _DUTY_CLAUSE.search(text)
    return text[found.start() :].strip().rstrip(".;:/ ") if found else text.strip()


def parse_reporting_duty(text: str) -> ReportingProposal:
    """Which reports a sentence asks for, how often and by when; `to`/`consolidator` are left unset."""
    text = unicodedata.normalize("NFC", text)
    periods = _period_mentions(text)
    dues, flags = _due_mentions(text, periods)
    kinds = {mention.kind for mention in periods}
    proposal = ReportingProposal(
        monthly=MONTHLY in kinds,
        quarterly=QUARTERLY in kinds,
        semiannual=SEMIANNUAL in kinds,
        annual=ANNUAL in kinds or any(due.kind == ANNUAL for due in dues),
        ad_hoc=AD_HOC in kinds,
    )
    _set_due_days(proposal, dues)
    if periods or dues:
        proposal.text = _phrase(text, periods + dues)
    elif _REPORTS.search(text):
        # A duty to report that names no period: reports are made when asked for, and a person checks.
        proposal.ad_hoc = True
        proposal.text = _duty_clause(text)
        flags.insert(0, no_period_flag())
    else:
        flags.insert(0, no_duty_flag())
    if dues and not _periodic(proposal):
        flags.insert(0, no_period_flag())
    proposal.flag = "; ".join(flags)
    return proposal


def _periodic(proposal: ReportingProposal) -> bool:
    return proposal.monthly or proposal.quarterly or proposal.semiannual or proposal.annual


def _set_due_days(proposal: ReportingProposal, dues: list[_Mention]) -> None:
    """The first due day of each sort wins; a day and month for a 6-month report keeps its day."""
    for due in dues:
        if due.kind == ANNUAL and proposal.annual_due_day is None:
            proposal.annual_due_day, proposal.annual_due_month = due.day, due.month
        elif due.kind != ANNUAL and proposal.due_day is None:
            proposal.due_day = due.day


def _sentences(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    pieces = (_LEADING_MARKER.sub("", piece).strip() for piece in _SENTENCE_END.split(text))
    return [piece for piece in pieces if piece]


def states_reporting_duty(sentence: str) -> bool:
    """A sentence asks for reports when it says "báo cáo" and how often or "đột xuất", or "báo cáo
    ... kết quả" (a duty to report results that names no period, as 09/KH-BTNMT words it)."""
    if _REPORTS_RESULTS.search(sentence):
        return True
    return bool(_REPORTS.search(sentence) and (_period_mentions(sentence) or _PERIODIC_WORD.search(sentence)))


def only_reports(text: str) -> bool:
    """Every sentence asks its subject to report (or to consolidate and report) and nothing else:
    "Các phòng ... báo cáo kết quả thực hiện về Văn phòng ... trước ngày 20 hằng tháng để tổng hợp."
    A sentence that also gives other work ("Tham mưu ...; đồng thời ... định kỳ ... báo cáo") does not."""
    sentences = _sentences(text)
    return bool(sentences) and all(_reports_and_nothing_else(sentence) for sentence in sentences)


def _reports_and_nothing_else(sentence: str) -> bool:
    # A sentence without its subject ("Báo cáo kết quả ...") starts with the action itself.
    action = sentence[len(until_action(sentence)) :].lstrip(" ,")
    reporting = _REPORTING_ACTION.match(sentence) or _REPORTING_ACTION.match(action)
    return bool(reporting) and states_reporting_duty(sentence)


def find_reporting_sentences(text: str) -> list[str]:
    """The sentences of a "Tổ chức thực hiện" section that state a reporting duty, in order."""
    return [sentence for sentence in _sentences(text) if states_reporting_duty(sentence)]


def merge_duties(duties: list[ReportingProposal]) -> ReportingProposal:
    """One schedule from several sentences: any report one asks for, the first due days named."""
    merged = ReportingProposal()
    texts: list[str] = []
    flags: list[str] = []
    for duty in duties:
        for kind in (MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL, AD_HOC):
            setattr(merged, kind, getattr(merged, kind) or getattr(duty, kind))
        if merged.due_day is None:
            merged.due_day = duty.due_day
        if merged.annual_due_day is None and duty.annual_due_day is not None:
            merged.annual_due_day, merged.annual_due_month = duty.annual_due_day, duty.annual_due_month
        merged.to = merged.to or duty.to
        merged.consolidator = merged.consolidator or duty.consolidator
        _add_distinct(texts, [duty.text])
        _add_distinct(flags, duty.flag.split("; ") if duty.flag else [])
    merged.text = "; ".join(texts)
    merged.flag = "; ".join(_flags_still_true(merged, flags))
    return merged


def _add_distinct(collected: list[str], items: list[str]) -> None:
    collected.extend(item for item in items if item and item not in collected)


def _flags_still_true(merged: ReportingProposal, flags: list[str]) -> list[str]:
    """Drop "no period"/"no duty" when another sentence named one."""
    periodic = _periodic(merged)
    if periodic:
        flags = [flag for flag in flags if flag != no_period_flag()]
    if periodic or merged.ad_hoc:
        flags = [flag for flag in flags if flag != no_duty_flag()]
    if not (periodic or merged.ad_hoc or flags):
        flags = [no_duty_flag()]
    return flags
