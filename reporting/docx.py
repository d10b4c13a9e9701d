"""DOCX of a consolidated report: the same sections as the PDF, editable before signing.

Knows nothing of Celery or the ORM: it reads the shared document context built from a snapshot.
Agency text goes in as plain runs (python-docx escapes it), never as markup.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reporting.consolidation.document import CROWDED_NOTE, document_context

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
# Characters XML 1.0 cannot carry; python-docx refuses them outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text) -> str:
    return _CONTROL.sub("", str(text or ""))


def render_docx(snapshot: dict) -> bytes:
    ctx = document_context(snapshot)
    document = Document()
    _setup(document)
    _header_block(document, ctx["header"])
    _body(document, ctx)
    _signing(document, ctx)
    _annex(document, ctx)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    # Page numbers centred at the top, from page 2 on (Decree 30/2020).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    _page_field(number)


def _page_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def para(container, text="", *, align=JUSTIFY, bold=False, italic=False, size=None, indent=True, after=6):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if indent and align == JUSTIFY:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def run(paragraph, text, *, bold=False, italic=False, size=None):
    piece = paragraph.add_run(clean(text))
    # Only set what differs from the style: each property written costs an XML search.
    if bold:
        piece.bold = True
    if italic:
        piece.italic = True
    if size:
        piece.font.size = Pt(size)
    return piece


def _rule(cell, width_cm: float, cell_width_cm: float) -> None:
    """A short horizontal rule: a bottom border on an empty, indented paragraph."""
    paragraph = para(cell, align=CENTER, after=4)
    side = max((cell_width_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _borderless_table(document, widths_cm: list[float]):
    table = document.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths_cm, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def _header_block(document, header: dict) -> None:
    left, right = _borderless_table(document, [6.2, 10.3]).rows[0].cells
    para(left, header["parent_body"], align=CENTER, size=13, after=0)
    para(left, header["issuing_body"], align=CENTER, bold=True, size=13, after=0)
    _rule(left, 2.2, 6.2)
    number = para(left, align=CENTER, after=0)
    run(number, header["number_line"], size=13)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, bold=True, size=13, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", align=CENTER, bold=True, size=14, after=0)
    _rule(right, 5.6, 10.3)
    para(right, header["date_line"], align=CENTER, italic=True, size=14, after=0)
    para(document, "BÁO CÁO", align=CENTER, bold=True, after=0).paragraph_format.space_before = Pt(14)
    para(document, header["subject"], align=CENTER, bold=True, after=12)


def _heading(document, text: str, level: int = 2) -> None:
    paragraph = para(document, text, align=LEFT, bold=True, after=4)
    paragraph.paragraph_format.space_before = Pt(8 if level == 2 else 4)
    paragraph.paragraph_format.keep_with_next = True


def _lines(document, lines: list[str], nothing: str) -> None:
    for line in lines or [nothing]:
        para(document, line)


def _attributed(document, entries: list[dict], nothing: str) -> None:
    if not entries:
        para(document, nothing)
    for entry in entries:
        paragraph = para(document, "- ")
        run(paragraph, entry["agency"], bold=True)
        run(paragraph, (f" (nhiệm vụ {entry['task']})" if entry["task"] else "") + ": " + entry["text"])


def _body(document, ctx: dict) -> None:
    titles, subtitles, nothing = ctx["titles"], ctx["subtitles"], ctx["nothing"]
    para(document, ctx["intro"])
    for line in ctx["request_text"]:
        para(document, line)
    _heading(document, titles["situation"])
    for line in ctx["situation"]:
        para(document, f"- {line}")
    _heading(document, titles["results"])
    for task in ctx["tasks"]:
        _task(document, task)
    _heading(document, titles["summary"])
    _summary_table(document, ctx)
    _heading(document, titles["assessment"])
    _heading(document, subtitles["overall_assessment"], 3)
    _lines(document, ctx["narrative"]["overall_assessment"], nothing)
    _heading(document, subtitles["shortcomings"], 3)
    _lines(document, ctx["narrative"]["shortcomings"], nothing)
    _heading(document, titles["difficulties"])
    _heading(document, subtitles["agency_difficulties"], 3)
    _attributed(document, ctx["difficulties"], nothing)
    _heading(document, subtitles["agency_proposals"], 3)
    _attributed(document, ctx["proposals"], nothing)
    _heading(document, subtitles["own_proposals"], 3)
    _lines(document, ctx["narrative"]["difficulties_and_proposals"], nothing)
    _heading(document, titles["direction"])
    _lines(document, ctx["narrative"]["next_period_direction"], nothing)


def _task(document, task: dict) -> None:
    if task["is_heading"]:
        _heading(document, f"{task['code']}. {task['title']}", 3)
        return
    paragraph = para(document)
    run(paragraph, f"{task['code']}. ", bold=True)
    run(paragraph, task["text"])
    status = task["status_label"] or task["breakdown_text"] or "chưa xác định"
    meta = f"Cơ quan chủ trì: {task['lead'] or 'không nêu'}"
    if task["coordinating"]:
        meta += f"; phối hợp: {task['coordinating']}"
    meta += f". Thời gian thực hiện: {task['timing_text'] or 'không quy định'}. Tình trạng: {status}."
    para(document, meta, italic=True)
    for item in task["contributions"]:
        paragraph = para(document, "- ")
        run(paragraph, item["agency"], bold=True)
        when = f", ngày {item['completed_on']}" if item["completed_on"] else ""
        run(paragraph, f" ({item['progress']}{when}): {item['results'] or 'không nêu kết quả'}")
        for doc in item["evidence"]:
            date = f" ngày {doc['issued_on']}" if doc["issued_on"] else ""
            para(document, f"+ Văn bản số {doc['number']}{date}: {doc['title']}", size=13)
    if task["crowded"]:
        for group in task["groups"]:
            para(document, f"- {group['label']} ({group['count']}): {group['agencies']}.")
        for doc in task["group_evidence"]:
            date = f" ngày {doc['issued_on']}" if doc["issued_on"] else ""
            para(document, f"+ Văn bản số {doc['number']}{date} ({doc['agency']}): {doc['title']}", size=13)
        para(document, CROWDED_NOTE, italic=True, size=13)
    if task["not_reported"]:
        para(document, f"- Chưa có báo cáo được duyệt: {', '.join(task['not_reported'])}.")


def _summary_table(document, ctx: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    head = table.rows[0].cells
    run(head[0].paragraphs[0], "Tình trạng", bold=True, size=13)
    run(head[1].paragraphs[0], "Số lượt nhiệm vụ", bold=True, size=13)
    for row in [*ctx["summary"], {"label": "Tổng cộng", "count": ctx["summary_total"]}]:
        cells = table.add_row().cells
        run(cells[0].paragraphs[0], row["label"], size=13)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run(cells[1].paragraphs[0], str(row["count"]), size=13)


def _signing(document, ctx: dict) -> None:
    left, right = _borderless_table(document, [8.0, 8.5]).rows[0].cells
    para(left, "Nơi nhận:", align=LEFT, bold=True, italic=True, size=12, after=0)
    for line in ctx["recipients"]:
        para(left, line, align=LEFT, size=11, after=0)
    signature = ctx["signature"]
    for text in (signature["authority"], signature["title"]):
        if text:
            para(right, text, align=CENTER, bold=True, after=0)
    for _ in range(4):
        para(right, align=CENTER, after=0)
    para(right, signature["name"], align=CENTER, bold=True, after=0)


def _annex(document, ctx: dict) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(20)
    para(document, ctx["annex_titles"]["matrix"], align=CENTER, bold=True, size=13, after=0)
    para(document, ctx["annex_caption"], align=CENTER, italic=True, size=12)
    for chunk in ctx["annex_tables"]:
        table = document.add_table(rows=1, cols=len(chunk["columns"]) + 1)
        table.style = "Table Grid"
        run(table.rows[0].cells[0].paragraphs[0], "Cơ quan, đơn vị", bold=True, size=10)
        for cell, column in zip(table.rows[0].cells[1:], chunk["columns"], strict=True):
            run(cell.paragraphs[0], column["code"], bold=True, size=10)
        for row in chunk["rows"]:
            cells = table.add_row().cells
            run(cells[0].paragraphs[0], row["agency"], size=10)
            for cell, value in zip(cells[1:], row["cells"], strict=True):
                cell.paragraphs[0].alignment = CENTER
                run(cell.paragraphs[0], value, size=10)
        para(document, after=4)
    legend = "; ".join(f"{row['code']} - {row['label']}" for row in ctx["abbreviations"])
    para(document, f"Ký hiệu: {legend}.", align=LEFT, size=10)
    heading = para(document, ctx["annex_titles"]["non_reporting"], align=CENTER, bold=True, size=13)
    heading.paragraph_format.page_break_before = True
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Cơ quan, đơn vị", "Tình trạng báo cáo"), strict=True):
        run(cell.paragraphs[0], text, bold=True, size=11)
    for index, row in enumerate(ctx["non_reporting"], start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(index), row["agency"], row["reason"]), strict=True):
            run(cell.paragraphs[0], text, size=11)
