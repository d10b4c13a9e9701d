"""The plan's reporting schedule, read from its "Tổ chức thực hiện" section."""

from __future__ import annotations

import re

from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.proposal import PartyMatch, ReportingProposal
from tasks.plan_import.prose import RESPONSIBLE_TAIL, Node
from tasks.plan_import.reporting_duties import find_reporting_sentences, merge_duties, parse_reporting_duty

ORGANISATION_SECTION = re.compile(r"tổ chức thực hiện", re.IGNORECASE)
REPORT_TARGET = re.compile(
    r"báo cáo[^.;]*?\bvề\s+(?P<to>[^,.;]+?)(?:\s+(?:để|theo|xem xét|trước|định kỳ|hằng|hàng)\b|[,.;]|$)",
    re.IGNORECASE,
)
CONSOLIDATES = re.compile(r"tổng hợp", re.IGNORECASE)


def reporting_schedule(*, sections: list[Node], issuer: PartyMatch | None, matcher: AgencyMatcher) -> ReportingProposal:
    section = next((s for s in sections if ORGANISATION_SECTION.search(s.text)), None)
    parts = _parts(section) if section else []
    duties, consolidator, to = [], None, None
    for owner, text in parts:
        for sentence in find_reporting_sentences(text):
            duties.append(parse_reporting_duty(sentence))
            if owner and consolidator is None and CONSOLIDATES.search(sentence):
                candidate = matcher.match_one(owner)
                if candidate.matched:
                    consolidator = candidate
                    if target := REPORT_TARGET.search(sentence):
                        to = matcher.match_one(target["to"].strip())
    schedule = merge_duties(duties) if duties else parse_reporting_duty("")
    schedule.consolidator = consolidator
    schedule.to = to if to is not None and to.matched else issuer
    return schedule


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
