"""The plan's reporting schedule, read from its "Tổ chức thực hiện" section."""

from __future__ import annotations

import re

from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.numbering import Node
from tasks.plan_import.proposal import PartyMatch, ReportingProposal
from tasks.plan_import.prose import ORGANISATION_SECTION, RESPONSIBLE_TAIL
from tasks.plan_import.reporting_duties import find_reporting_sentences, merge_duties, parse_reporting_duty
from tasks.plan_import.wording import until_action

REPORT_TARGET = re.compile(
    r"báo cáo[^.;]*?\bvề\s+(?P<to>[^,.;]+?)(?:\s+(?:để|theo|xem xét|trước|định kỳ|hằng|hàng)\b|[,.;]|$)",
    re.IGNORECASE,
)
CONSOLIDATES = re.compile(r"tổng hợp", re.IGNORECASE)
# "... về Sở X định kỳ 6 tháng để tổng hợp": the agency reported to is the one that consolidates.
TO_BE_CONSOLIDATED = re.compile(r"\bđể\s+(?:theo dõi,\s*)?tổng hợp\b", re.IGNORECASE)
# "tổng hợp, báo cáo UBND tỉnh": whom the consolidated report goes to.
CONSOLIDATED_FOR = re.compile(
    r"tổng hợp,?\s+(?:và\s+)?báo cáo\s+(?P<to>[^,.;]+?)"
    r"(?:\s+(?:để|theo|xem xét|kết quả|về|định kỳ|hằng|hàng)\b|[,.;]|$)",
    re.IGNORECASE,
)


def reporting_schedule(*, sections: list[Node], issuer: PartyMatch | None, matcher: AgencyMatcher) -> ReportingProposal:
    section = next((s for s in sections if ORGANISATION_SECTION.search(s.text)), None)
    parts = _parts(section) if section else []
    duties, consolidator, to = [], None, None
    for owner, text in parts:
        for sentence in find_reporting_sentences(text):
            duties.append(parse_reporting_duty(sentence))
            if consolidator is None:
                consolidator, to = _consolidation(owner, sentence, matcher)
    schedule = merge_duties(duties) if duties else parse_reporting_duty("")
    schedule.consolidator = consolidator
    schedule.to = to if to is not None and to.matched else issuer
    return schedule


def _consolidation(owner: str, sentence: str, matcher: AgencyMatcher) -> tuple[PartyMatch | None, PartyMatch | None]:
    """Who collects the reports a sentence asks for, and whom it reports to, as plans put it:
    "1. Sở Nội vụ: ... tổng hợp, báo cáo ... về UBND tỉnh" (the subsection's agency collects);
    "Các phòng ... báo cáo ... về Văn phòng ... để tổng hợp" (the agency reported to collects);
    "Vụ Kế hoạch - Tài chính tổng hợp, báo cáo Bộ trưởng" (the sentence's subject collects)."""
    if not CONSOLIDATES.search(sentence):
        return None, None
    target = REPORT_TARGET.search(sentence)
    onward = CONSOLIDATED_FOR.search(sentence)
    if owner and (candidate := matcher.match_one(owner)).matched:
        return candidate, _party(matcher, target["to"] if target else "")
    if target and TO_BE_CONSOLIDATED.search(sentence, target.end()):
        collector = matcher.match_one(target["to"].strip())
        if collector.matched:
            return collector, _party(matcher, onward["to"] if onward and onward.start() > target.end() else "")
    subject = until_action(sentence)
    if subject and sentence[len(subject) :].lstrip(" ,").lower().startswith("tổng hợp"):
        collector = matcher.match_one(subject)
        if collector.matched:
            return collector, _party(matcher, onward["to"] if onward else "")
    return None, None


def _party(matcher: AgencyMatcher, written: str) -> PartyMatch | None:
    return matcher.match_one(written.strip()) if written.strip() else None


def _parts(section: Node) -> list[tuple[str, str]]:
    """(the agency a subsection is about, its whole text) for each subsection of Tổ chức thực hiện."""
    parts = [("", " ".join(section.body))]
    for child in section.children:
        owner = RESPONSIBLE_TAIL.sub("", child.text).strip()
        texts = [child.text, *child.body]
        for grandchild in _descendants(child):
            texts += [grandchild.text, *grandchild.body]
        parts.append((owner, "\n".join(texts)))
    return parts


def _descendants(node: Node):
    for child in node.children:
        yield child
        yield from _descendants(child)
