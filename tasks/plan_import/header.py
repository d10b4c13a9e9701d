"""The plan's header: number and symbol, place and date, issuer, title, what it implements or supplements."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from django.utils.translation import gettext as _

from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.proposal import DocumentRef, PartyMatch, PlanHeader
from tasks.plan_import.reading import Block, Paragraph, Table

NUMBER = re.compile(r"\bSố\s*:\s*(?P<number>[\w.…]*\s*/\s*[\w\-Đđ]+)", re.IGNORECASE)
PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][\wÀ-ỹ ]{1,40}?),\s*ngày\s+(?P<day>\d{1,2})\s+"
    r"tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
)
PLAN_WORD = re.compile(r"^kế hoạch$", re.IGNORECASE)
ISSUER_LINE = re.compile(r"^(?P<name>[^-]+?)\s*-{3,}")  # "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG -------"
ISSUER_IN_PREAMBLE = re.compile(r"(?:^|,\s*)(?P<name>[^,]+?)\s+(?:xây dựng|ban hành)\s+Kế hoạch", re.IGNORECASE)
LEGAL_BASIS = re.compile(r"^(căn cứ|thực hiện|triển khai|theo)\b", re.IGNORECASE)
DOCUMENT_REF = re.compile(
    r"(?P<kind>Kế hoạch|Chương trình hành động|Chương trình|Nghị quyết|Chỉ thị|Quyết định|Đề án|Thông báo|Công văn)"
    r"\s+số\s+(?P<number>[\w\-/Đđ]+)\s+ngày\s+(?P<date>\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))",
    re.IGNORECASE,
)
RECIPIENTS = re.compile(r"^nơi nhận\s*:?\s*", re.IGNORECASE)


def read_header(*, blocks: list[Block], matcher: AgencyMatcher) -> tuple[PlanHeader, list[str]]:
    """The header and the plan-level flags for what it lacks."""
    lines = _header_lines(blocks)
    header = PlanHeader()
    flags: list[str] = []
    for line in lines:
        if not header.number and (match := NUMBER.search(line)):
            number = re.sub(r"\s+", "", match["number"])
            header.number = "" if number.startswith(("/", ".", "…")) else number
        if header.issued_on is None and (match := PLACE_DATE.search(line)):
            header.place = match["place"].strip()
            header.issued_on = _date(match["year"], match["month"], match["day"])
    vocabulary = usual_case([b.text for b in blocks if isinstance(b, Paragraph) and b.text != b.text.upper()])
    header.title = _title(blocks, vocabulary)
    header.issuer = _issuer(blocks, matcher, vocabulary)
    header.legal_basis = "\n".join(_preamble(blocks, LEGAL_BASIS))
    refs = [_document_ref(match) for match in DOCUMENT_REF.finditer(header.title)]
    if header.title.lower().startswith("bổ sung") and refs:
        header.supplements = refs[:1]
        refs = refs[1:]
    header.implements = refs[:1]
    header.recipients = _recipients(blocks)
    if not header.number:
        flags.append(_("Văn bản chưa ghi số, ký hiệu; để trống hoặc nhập số của kế hoạch."))
    if header.issued_on is None:
        flags.append(_("Không tìm thấy ngày ban hành (dòng “…, ngày … tháng … năm …”)."))
    if header.issuer is None or not header.issuer.matched:
        flags.append(_("Chưa xác định được cơ quan ban hành."))
    if not header.title:
        flags.append(_("Không tìm thấy trích yếu (dòng sau chữ “KẾ HOẠCH”)."))
    return header, flags


def _header_lines(blocks: list[Block]) -> list[str]:
    """Text before the first section: the header table's cells and the opening paragraphs."""
    lines: list[str] = []
    for block in blocks[:12]:
        if isinstance(block, Table):
            lines += [cell for row in block.rows for cell in row]
        else:
            lines.append(block.text)
    return lines


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _plan_word_index(blocks: list[Block]) -> int | None:
    return next(
        (i for i, block in enumerate(blocks) if isinstance(block, Paragraph) and PLAN_WORD.match(block.text)), None
    )


def _title(blocks: list[Block], vocabulary: dict) -> str:
    index = _plan_word_index(blocks)
    if index is None or index + 1 >= len(blocks) or not isinstance(blocks[index + 1], Paragraph):
        return ""
    return sentence_case(blocks[index + 1].text, vocabulary)


def usual_case(paragraphs: list[str]) -> dict[tuple[str, ...], str]:
    """How the document writes each word when it is not opening a sentence ("Thủ", "13/CT-TTg").

    Keyed by the word and by the word after its neighbour, so "tín chỉ" and "Chỉ thị" keep apart.
    """
    votes: dict[tuple[str, ...], Counter] = {}
    for paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.;:])\s+", paragraph):
            words = [_bare(word) for word in sentence.split()]
            for before, word in zip(words, words[1:], strict=False):
                for key in ((word.casefold(),), (before.casefold(), word.casefold())):
                    votes.setdefault(key, Counter())[word] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def _bare(word: str) -> str:
    return word.strip(',.;:()“”"')


def sentence_case(text: str, vocabulary: dict[tuple[str, ...], str] | None = None) -> str:
    """A title set in capitals, written as the body writes its words (proper names keep their capitals)."""
    if text != text.upper():
        return text
    vocabulary = vocabulary or {}
    words, before = [], ""
    for word in text.split():
        bare = _bare(word)
        key = bare.casefold()
        default = bare if re.search(r"[\d/]", bare) else bare.lower()
        usual = vocabulary.get((before, key)) or vocabulary.get((key,), default)
        words.append(word.replace(bare, usual) if bare else word)
        before = key
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:]


def _issuer(blocks: list[Block], matcher: AgencyMatcher, vocabulary: dict) -> PartyMatch | None:
    """From the header's top-left cell (set in capitals: written back as the body writes it), else the preamble."""
    for block in blocks[:6]:
        if isinstance(block, Table) and block.rows and (match := ISSUER_LINE.match(block.rows[0][0])):
            return matcher.match_one(sentence_case(match["name"].strip(), vocabulary))
    for paragraph in _preamble(blocks, None):
        if match := ISSUER_IN_PREAMBLE.search(paragraph):
            return matcher.match_one(match["name"].strip())
    return None


def _preamble(blocks: list[Block], pattern: re.Pattern | None) -> list[str]:
    """Paragraphs between the title and the first section, optionally only those matching `pattern`."""
    index = _plan_word_index(blocks)
    found = []
    for block in blocks[(index + 2 if index is not None else 0) :]:
        if not isinstance(block, Paragraph):
            continue
        if re.match(r"^[IVX]{1,5}[.\-–]\s", block.text):
            break
        if pattern is None or pattern.match(block.text):
            found.append(block.text)
    return found


def _document_ref(match: re.Match) -> DocumentRef:
    date = re.findall(r"\d+", match["date"])
    return DocumentRef(text=match.group(0), number=match["number"], issued_on=_date(date[2], date[1], date[0]))


def _recipients(blocks: list[Block]) -> list[str]:
    """ "Nơi nhận" as a heading followed by bullets, or as one table cell "- A; - B; ..."."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and RECIPIENTS.match(block.text):
            lines = []
            for following in blocks[index + 1 :]:
                if not isinstance(following, Paragraph) or following.hint != "bullet":
                    break
                lines.append(f"- {following.text}")
            return lines
        if isinstance(block, Table):
            for cell in (cell for row in block.rows for cell in row):
                if RECIPIENTS.match(cell):
                    items = re.split(r"\s+-\s+", " " + RECIPIENTS.sub("", cell))
                    return [f"- {item.strip()}" for item in items if item.strip()]
    return []
