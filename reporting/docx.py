"""DOCX of a consolidated report: the same document as the PDF, editable before signing.

Knows nothing of Celery or the ORM: it reads the shared document context built from a snapshot.
Agency text goes in as plain runs (python-docx escapes it), never as markup. Every table has a
fixed layout whose grid and cell widths agree, so Word and LibreOffice lay it out alike.
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
from docx.shared import Cm, Mm, Pt, RGBColor

from reporting.charts import status_chart_png
from reporting.consolidation import document as layout
from reporting.consolidation.document import document_context
from reporting.typeset import font_path, text_width_pt

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
PORTRAIT_TEXT_MM = layout.PORTRAIT_MM[0] - layout.PAGE_MARGINS_MM["left"] - layout.PAGE_MARGINS_MM["right"]
# Paragraph styles of table cells (name → id, size pt, alignment, bold): a style, not per-run
# formatting, keeps big tables small; ids set by hand, as a style looked up by name costs a scan
# of every style, per cell.
TABLE_STYLES = {
    "Bảng": ("BangVanBan", 11, LEFT, False),
    "Bảng giữa": ("BangGiua", 11, CENTER, False),
    "Bảng số": ("BangSo", 11, WD_ALIGN_PARAGRAPH.RIGHT, False),
    "Bảng ma trận": ("BangMaTran", 9, LEFT, False),
    "Bảng mã": ("BangMa", 9, CENTER, False),
    "Bảng tiêu đề": ("BangTieuDe", 11, CENTER, True),
    "Bảng mã tiêu đề": ("BangMaTieuDe", 8, CENTER, True),
    "Bảng nhóm": ("BangNhom", 11, LEFT, True),
}
# Characters XML 1.0 cannot carry; python-docx refuses them outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text) -> str:
    return _CONTROL.sub("", str(text or ""))


def render_docx(snapshot: dict) -> bytes:
    ctx = document_context(snapshot)
    document = Document()
    _styles(document)
    _page_setup(document.sections[0], landscape=False)
    _header_block(document, ctx["header"])
    _body(document, ctx)
    _signing(document, ctx)
    _annexes(document, ctx)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- styles and pages -----------------------------------------------------------------------


# The children that must follow an element we add, in the order of the WordprocessingML schema:
# Word rejects a file whose elements are out of order, where LibreOffice forgives it.
SUCCESSORS = {
    "pgNumType": ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter")
    + ("docGrid", "printerSettings", "sectPrChange"),
    "tblW": ("jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
    "tblLayout": ("tblCellMar", "tblLook", "tblCaption", "tblDescription"),
    "tblCellMar": ("tblLook", "tblCaption", "tblDescription"),
    "pBdr": ("shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct")
    + ("autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing")
    + ("mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap")
    + ("outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
}


def _place(parent, element) -> None:
    """Insert `element` where the schema orders it among `parent`'s children, replacing any earlier one."""
    name = element.tag.rsplit("}", 1)[-1]
    for old in parent.findall(element.tag):
        parent.remove(old)
    parent.insert_element_before(element, *(f"w:{tag}" for tag in SUCCESSORS[name]))


LANG_SUCCESSORS = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _language(rpr) -> None:
    """Vietnamese as the language of the text, placed where the schema wants it (Word is strict)."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    rpr.insert_element_before(lang, *LANG_SUCCESSORS)


def _font_element(style, size_pt: float) -> None:
    """Times New Roman for every script, Vietnamese as the language, no theme font overriding it."""
    style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for key in list(fonts.attrib):
        if key.lower().endswith("theme"):
            del fonts.attrib[key]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)
    _language(rpr)


def _styles(document) -> None:
    styles = document.styles
    _language(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = styles["Normal"]
    _font_element(normal, 14)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # Sections and plan headings are real headings (navigation pane, table of contents), dressed
    # as the decree's bold 14 pt text rather than the template's blue.
    for level in range(1, 5):
        style = styles[f"Heading {level}"]
        _font_element(style, 14)
        style.font.bold = True
        style.font.italic = level >= 3
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(8 if level == 1 else 6)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        if level > 1:
            style.paragraph_format.first_line_indent = Cm(1)
    for name, (style_id, size, alignment, bold) in TABLE_STYLES.items():
        style = styles.add_style(name, 1)
        style.style_id = style_id
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
        style.paragraph_format.alignment = alignment


def _page_setup(section, *, landscape: bool) -> None:
    """Decree 30/2020 margins; page numbers centred at the top, none on the section's first page."""
    width, height = layout.LANDSCAPE_MM if landscape else layout.PORTRAIT_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    margins = layout.PAGE_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    number.alignment = CENTER
    _page_field(number)
    # Each annex counts its own pages from 1, as the PDF does.
    start = OxmlElement("w:pgNumType")
    start.set(qn("w:start"), "1")
    _place(section._sectPr, start)


def _page_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run_element = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    rpr.append(size)
    run_element.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run_element.append(text)
    field.append(run_element)
    paragraph._p.append(field)


# -- paragraphs and tables ------------------------------------------------------------------


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
    if "  " in text:  # a draft's blank number and date: spaces a reader must not see collapsed
        for node in piece._r.findall(qn("w:t")):
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    # Only set what differs from the style: each property written costs an XML search.
    if bold:
        piece.bold = True
    if italic:
        piece.italic = True
    if size:
        piece.font.size = Pt(size)
    return piece


def _table_property(table, tag: str, **attributes) -> None:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    _place(table._tbl.tblPr, element)


def fixed_table(container, widths_mm, *, grid: bool = True):
    """A table whose grid, cell widths and total width agree, laid out as fixed."""
    table = container.add_table(rows=0, cols=len(widths_mm))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_property(table, "w:tblW", w=str(round(Mm(sum(widths_mm)).twips)), type="dxa")
    _table_property(table, "w:tblLayout", type="fixed")
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    return table


def add_row(table, texts, *, styles="Bảng", header=False, spans=None):
    """A row that never splits across pages; a header row repeats on every page of the table.

    Built as XML directly: python-docx's row and cell objects cost ~15 ms a row, and the results
    annex of a province-wide report has thousands of rows.
    """
    names = [styles] * len(texts) if isinstance(styles, str) else styles
    if header and isinstance(styles, str):
        names = ["Bảng tiêu đề"] * len(texts)
    widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
    spans = spans or [1] * len(texts)
    tr = _child(table._tbl, "w:tr")
    tr_pr = _child(tr, "w:trPr")
    _child(tr_pr, "w:cantSplit")
    if header:
        _child(tr_pr, "w:tblHeader")
    column = 0
    for text, name, span in zip(texts, names, spans, strict=True):
        tc_pr = _child(_child(tr, "w:tc"), "w:tcPr")
        _child(tc_pr, "w:tcW", w=str(sum(widths[column : column + span]) // 635), type="dxa")
        if span > 1:
            _child(tc_pr, "w:gridSpan", val=str(span))
        column += span
        paragraph = _child(tc_pr.getparent(), "w:p")
        _child(_child(paragraph, "w:pPr"), "w:pStyle", val=TABLE_STYLES[name][0])
        if text:
            _child(_child(paragraph, "w:r"), "w:t", text=clean(text))
    return tr


def _child(parent, tag: str, text: str | None = None, **attributes):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    if text is not None:
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    parent.append(element)
    return element


def _bare_cells(row):
    """The row's cells without the empty paragraph python-docx puts in each, to be filled by `para`."""
    for cell in row.cells:
        cell._tc.remove(cell._tc.p_lst[0])
    return row.cells


def _cell_margins(table, mm: float = 0) -> None:
    """Left and right cell padding; the default 1.9 mm would wrap a 12 mm matrix column's code."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(round(Mm(mm).twips)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    _place(table._tbl.tblPr, margins)


def _rule(cell, width_pt: float, cell_width_mm: float) -> None:
    """A centred horizontal rule of `width_pt`: the bottom border of an empty, indented paragraph."""
    paragraph = para(cell, align=CENTER, after=0)
    side_pt = max((Mm(cell_width_mm).pt - width_pt) / 2, 0)
    paragraph.paragraph_format.left_indent = Pt(side_pt)
    paragraph.paragraph_format.right_indent = Pt(side_pt)
    paragraph.paragraph_format.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    _place(paragraph._p.get_or_add_pPr(), borders)


# -- header, body, signature ----------------------------------------------------------------

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _header_block(document, header: dict) -> None:
    widths = layout.HEADER_COLUMNS_MM
    table = fixed_table(document, widths, grid=False)
    _cell_margins(table)
    left, right = _bare_cells(table.add_row())
    para(left, header["parent_body"], align=CENTER, size=13, after=0)
    para(left, header["issuing_body"], align=CENTER, bold=True, size=13, after=0)
    name_width = min(text_width_pt(header["issuing_body"], 13, bold=True), Mm(widths[0]).pt)
    _rule(left, name_width * layout.SHORT_RULE_RATIO, widths[0])
    para(left, header["number_line"], align=CENTER, size=13, after=0).paragraph_format.space_before = Pt(6)
    para(right, NATIONAL, align=CENTER, bold=True, size=13, after=0)
    para(right, MOTTO, align=CENTER, bold=True, size=14, after=0)
    _rule(right, text_width_pt(MOTTO, 14, bold=True), widths[1])
    date = para(right, header["date_line"], align=CENTER, italic=True, size=14, after=0)
    date.paragraph_format.space_before = Pt(6)
    para(document, "BÁO CÁO", align=CENTER, bold=True, after=0).paragraph_format.space_before = Pt(14)
    para(document, header["subject"], align=CENTER, bold=True, after=0)
    subject_width = min(text_width_pt(header["subject"], 14, bold=True), Mm(PORTRAIT_TEXT_MM).pt)
    _rule(document, subject_width * layout.SHORT_RULE_RATIO, PORTRAIT_TEXT_MM)
    para(document, after=6)


def _heading(document, text: str, level: int) -> None:
    document.add_heading(clean(text), level=level)


def _lines(document, lines: list[str], nothing: str) -> None:
    for line in lines or [nothing]:
        para(document, line)


def _merged(document, entries: list[dict], nothing: str) -> None:
    if not entries:
        para(document, nothing)
    for entry in entries:
        para(document, f"- {entry['text']} ({entry['by']})")


def _body(document, ctx: dict) -> None:
    titles, subtitles, nothing = ctx["titles"], ctx["subtitles"], ctx["nothing"]
    para(document, ctx["intro"])
    for line in ctx["request_text"]:
        para(document, line)
    _heading(document, titles["situation"], 1)
    for line in ctx["situation"]:
        para(document, f"- {line}")
    _heading(document, titles["results"], 1)
    for task in ctx["tasks"]:
        _task(document, task)
    _heading(document, titles["summary"], 1)
    _summary_table(document, ctx)
    para(document, ctx["summary_note"])
    _heading(document, titles["assessment"], 1)
    _heading(document, subtitles["overall_assessment"], 2)
    _lines(document, ctx["narrative"]["overall_assessment"], nothing)
    _heading(document, subtitles["shortcomings"], 2)
    _lines(document, ctx["narrative"]["shortcomings"], nothing)
    _heading(document, titles["difficulties"], 1)
    _heading(document, subtitles["agency_difficulties"], 2)
    _merged(document, ctx["difficulties"], nothing)
    _heading(document, subtitles["agency_proposals"], 2)
    _merged(document, ctx["proposals"], nothing)
    _heading(document, subtitles["own_proposals"], 2)
    _lines(document, ctx["narrative"]["difficulties_and_proposals"], nothing)
    _heading(document, titles["direction"], 1)
    _lines(document, ctx["narrative"]["next_period_direction"], nothing)


def _task(document, task: dict) -> None:
    if task["is_heading"]:
        _heading(document, f"{task['number']}. {task['title']}", min(task["level"] + 2, 4))
        return
    title = para(document, f"{task['number']}. {task['title']} (nhiệm vụ {task['code']} của Kế hoạch)", bold=True)
    title.paragraph_format.keep_with_next = True
    meta = f"Cơ quan chủ trì: {task['lead'] or 'không nêu'}"
    if task["coordinating"]:
        meta += f"; phối hợp: {task['coordinating']}"
    meta += f". Thời gian thực hiện: {task['timing_text'] or 'không quy định'}. Tình trạng: {task['status_line']}."
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
        for shared in task["shared_results"]:
            para(document, f"- {shared['text']} ({shared['agencies']})")
        para(document, task["annex_note"], italic=True)
    elif task["not_reported"]:
        para(document, f"- {task['not_reported_label']}: {', '.join(task['not_reported'])}.")


def _summary_table(document, ctx: dict) -> None:
    table = fixed_table(document, (115, 50))
    add_row(table, ("Tình trạng", "Số lượt nhiệm vụ"), header=True)
    for row in [*ctx["summary"], {"label": "Tổng cộng", "count": ctx["summary_total"]}]:
        add_row(table, (row["label"], str(row["count"])), styles=["Bảng", "Bảng số"])
    png = status_chart_png(
        {row["code"]: row["count"] for row in ctx["summary"]},
        {row["code"]: row["label"] for row in ctx["summary"]},
        title=ctx["chart_title"],
        fonts=(font_path(), font_path(bold=True)),
    )
    chart = para(document, align=CENTER, after=6)
    chart.paragraph_format.space_before = Pt(6)
    chart.add_run().add_picture(io.BytesIO(png), width=Mm(150))


def _signing(document, ctx: dict) -> None:
    table = fixed_table(document, (82, 83), grid=False)
    _cell_margins(table)
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = _bare_cells(row)
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


# -- annexes --------------------------------------------------------------------------------


def _annex_start(document, annex: dict) -> None:
    """A landscape section of its own: "Phụ lục I" on its own line, the title below, the "(Kèm theo …)" line."""
    _page_setup(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    para(document, annex["name"], align=CENTER, bold=True, after=0)
    para(document, annex["title"], align=CENTER, bold=True, after=0)
    para(document, annex["caption"], align=CENTER, italic=True, size=13, after=10)


def _annexes(document, ctx: dict) -> None:
    annexes = ctx["annexes"]
    _annex_start(document, annexes["matrix"])
    widths = [layout.MATRIX_AGENCY_MM]
    for chunk in ctx["annex_tables"]:
        table = fixed_table(document, widths + [layout.MATRIX_CELL_MM] * len(chunk["columns"]))
        _cell_margins(table, 0.5)
        heads = ["Bảng tiêu đề"] + ["Bảng mã tiêu đề"] * len(chunk["columns"])
        add_row(table, ["Cơ quan, đơn vị", *[c["code"] for c in chunk["columns"]]], styles=heads, header=True)
        styles = ["Bảng ma trận"] + ["Bảng mã"] * len(chunk["columns"])
        for row in chunk["rows"]:
            add_row(table, [row["agency"], *row["cells"]], styles=styles)
        para(document, after=4)
    legend = "; ".join(f"{row['code']} - {row['label']}" for row in ctx["abbreviations"])
    para(document, f"Ký hiệu: {legend}.", align=LEFT, size=10)
    if annexes["results"]:
        _annex_start(document, annexes["results"])
        _results_table(document, ctx)
    _annex_start(document, annexes["non_reporting"])
    table = fixed_table(document, (15, 150, 87))
    add_row(table, ("STT", "Cơ quan, đơn vị", "Tình trạng báo cáo"), header=True)
    for index, row in enumerate(ctx["non_reporting"], start=1):
        add_row(table, (str(index), row["agency"], row["reason"]), styles=["Bảng giữa", "Bảng", "Bảng"])
    if not ctx["non_reporting"]:
        add_row(table, ("", ctx["nothing"], ""))


def _results_table(document, ctx: dict) -> None:
    table = fixed_table(document, layout.RESULTS_COLUMNS_MM)
    add_row(table, ctx["results_header"], header=True)
    for task in ctx["results_annex"]:
        group = add_row(table, [f"Nhiệm vụ {task['code']}: {task['title']}"], styles="Bảng nhóm", spans=[5])
        _child(group.find(qn("w:tc")).find(qn("w:p")).find(qn("w:pPr")), "w:keepNext")
        styles = ["Bảng giữa", "Bảng", "Bảng", "Bảng", "Bảng"]
        for index, row in enumerate(task["rows"], start=1):
            add_row(table, (str(index), row["agency"], row["status"], row["results"], row["evidence"]), styles=styles)
