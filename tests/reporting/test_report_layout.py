"""Decree 30/2020/NĐ-CP Annex I, measured from the built files themselves.

The PDF is read back with pdfplumber (positions, fonts, drawn rules); the DOCX with python-docx
(page setup, table grids, row properties, styles). A draft report is used: no number, no date,
the signer's authority typed in lower case.
"""

import io
import re
from statistics import mean

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from reporting.consolidation.document import SECTION_TITLES
from reporting.docx import render_docx
from reporting.pdf import render_pdf
from reporting.typeset import text_width_pt
from tests.conftest import rolled_back
from tests.reporting.report_scene import crowded_scene, frozen

pytestmark = pytest.mark.django_db  # see test_report_completeness: the module fixture needs a test database

MM = 72 / 25.4
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture(scope="module")
def snapshot(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        # Thirty agencies on one task: the results annex runs over more than one page.
        scene = crowded_scene(extra=30, number="/BC-SNV", issued_on=None, signer_authority="kt. giám đốc")
        return frozen(scene)


@pytest.fixture(scope="module")
def pdf(snapshot):
    with pdfplumber.open(io.BytesIO(render_pdf(snapshot))) as document:
        yield document


@pytest.fixture(scope="module")
def docx(snapshot):
    return Document(io.BytesIO(render_docx(snapshot)))


# -- reading the PDF ------------------------------------------------------------------------


def _lines(page, box=None) -> list[dict]:
    area = page.crop(box) if box else page
    return area.extract_text_lines(return_chars=True, strip=True)


def _line(page, text: str, box=None) -> dict:
    found = [line for line in _lines(page, box) if line["text"] == text]
    assert found, f"no line {text!r}"
    return found[0]


def _rules(page) -> list[dict]:
    """Thin horizontal rules drawn on the page (borders of no table)."""
    return [rect for rect in page.rects if rect["height"] < 1.5 and rect["width"] < page.width / 2]


def _rule_under(page, line: dict) -> dict:
    below = [rule for rule in _rules(page) if 0 < rule["top"] - line["bottom"] < 8 * MM]
    assert below, f"no rule under {line['text']!r}"
    return min(below, key=lambda rule: abs((rule["x0"] + rule["x1"]) / 2 - (line["x0"] + line["x1"]) / 2))


def _header_boxes(page):
    left = 30 * MM
    return (left, 0, left + 62 * MM, 42 * MM), (left + 62 * MM, 0, page.width, 42 * MM)


def _page_number(page) -> str | None:
    top = [line for line in _lines(page) if line["bottom"] < 20 * MM]
    return top[0]["text"] if top else None


def _annex_starts(pdf) -> list[int]:
    return [index for index, page in enumerate(pdf.pages) if re.match(r"Phụ lục [IVX]+$", _lines(page)[0]["text"])]


def _fonts(line: dict) -> set[tuple[str, float]]:
    return {(char["fontname"].split("+")[-1], round(char["size"], 1)) for char in line["chars"] if char["text"].strip()}


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_body_is_a4_portrait_and_every_annex_landscape(pdf):
    starts = _annex_starts(pdf)
    assert len(starts) == 3
    for index, page in enumerate(pdf.pages):
        size = (round(page.width / MM), round(page.height / MM))
        assert size == ((297, 210) if index >= starts[0] else (210, 297)), index


def test_pdf_text_stays_inside_decree_30_margins(pdf):
    for index, page in enumerate(pdf.pages):
        chars = [c for c in page.chars if c["text"].strip() and not (c["bottom"] < 20 * MM and c["text"].isdigit())]
        edges = {
            "left": min(c["x0"] for c in chars) / MM,
            "right": (page.width - max(c["x1"] for c in chars)) / MM,
            "top": min(c["top"] for c in chars) / MM,
            "bottom": (page.height - max(c["bottom"] for c in chars)) / MM,
        }
        for side, (low, _high) in MARGINS_MM.items():
            assert edges[side] >= low - 0.5, (index, side, edges[side])
        # The text block starts at the left and top margins: they are no wider than the decree allows.
        assert edges["left"] <= MARGINS_MM["left"][1] and edges["top"] <= MARGINS_MM["top"][1] + 3, (index, edges)


def test_pdf_header_block_sizes_and_weights(pdf):
    page = pdf.pages[0]
    left, right = _header_boxes(page)
    assert _fonts(_line(page, "UBND TỈNH BẾN TRE", left)) == {("Tinos", 13.0)}
    assert _fonts(_line(page, "SỞ NỘI VỤ", left)) == {("Tinos-Bold", 13.0)}
    assert _fonts(_line(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right)) == {("Tinos-Bold", 13.0)}
    assert _fonts(_line(page, MOTTO, right)) == {("Tinos-Bold", 14.0)}
    assert _fonts(_line(page, "BÁO CÁO")) == {("Tinos-Bold", 14.0)}
    intro = next(line for line in _lines(page) if line["text"].startswith("Trên cơ sở báo cáo"))
    assert _fonts(intro) == {("Tinos", 14.0)}
    heading = _line(page, SECTION_TITLES["situation"])
    assert _fonts(heading) == {("Tinos-Bold", 14.0)}


def test_pdf_rule_under_the_issuing_body_is_a_third_to_a_half_of_its_name_and_centred(pdf):
    page = pdf.pages[0]
    name = _line(page, "SỞ NỘI VỤ", _header_boxes(page)[0])
    rule = _rule_under(page, name)
    assert 1 / 3 <= rule["width"] / (name["x1"] - name["x0"]) <= 1 / 2
    assert abs((rule["x0"] + rule["x1"]) / 2 - (name["x0"] + name["x1"]) / 2) < 1 * MM


def test_pdf_rule_under_the_motto_is_as_long_as_the_motto(pdf):
    page = pdf.pages[0]
    motto = _line(page, MOTTO, _header_boxes(page)[1])
    rule = _rule_under(page, motto)
    assert rule["width"] == pytest.approx(motto["x1"] - motto["x0"], abs=1.5)
    assert rule["x0"] == pytest.approx(motto["x0"], abs=1.5)


def test_pdf_rule_under_the_subject_is_short_and_centred(pdf):
    page = pdf.pages[0]
    lines = _lines(page)
    start = next(i for i, line in enumerate(lines) if line["text"] == "BÁO CÁO") + 1
    subject = [line for line in lines[start:] if _fonts(line) == {("Tinos-Bold", 14.0)}]
    subject = subject[: next(i for i, line in enumerate(lines[start:]) if _fonts(line) != {("Tinos-Bold", 14.0)})]
    assert subject[0]["text"].startswith("Kết quả thực hiện Kế hoạch số 4447/KH-UBND")
    widest = max(line["x1"] - line["x0"] for line in subject)
    rule = _rule_under(page, subject[-1])
    assert 1 / 3 <= rule["width"] / widest <= 1 / 2
    centre = mean((line["x0"] + line["x1"]) / 2 for line in subject)
    assert abs((rule["x0"] + rule["x1"]) / 2 - centre) < 1 * MM


def test_pdf_blank_number_and_date_of_a_draft_keep_room_to_write_in(pdf):
    page = pdf.pages[0]
    left, right = _header_boxes(page)
    words = {w["text"]: w for w in page.crop(left).extract_words()}
    assert words["/BC-SNV"]["x0"] - words["Số:"]["x1"] >= 10 * MM
    date = {w["text"]: w for w in page.crop(right).extract_words()}
    assert date["tháng"]["x0"] - date["ngày"]["x1"] >= 8 * MM
    assert date["năm"]["x0"] - date["tháng"]["x1"] >= 8 * MM


def test_pdf_authority_and_position_are_in_capitals(pdf):
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text


def test_pdf_pages_are_numbered_from_two_centred_in_the_top_margin_and_each_annex_on_its_own(pdf):
    starts = _annex_starts(pdf)
    assert starts[1] - starts[0] >= 1 and len(pdf.pages) - starts[-1] >= 1
    body = range(starts[0])
    assert _page_number(pdf.pages[0]) is None
    assert [_page_number(pdf.pages[i]) for i in body][1:] == [str(n) for n in range(2, len(body) + 1)]
    bounds = [*starts, len(pdf.pages)]
    annex_with_more_pages = [s for s, e in zip(bounds, bounds[1:], strict=False) if e - s > 1]
    assert annex_with_more_pages, "the results annex should run over more than one page"
    for start, end in zip(bounds, bounds[1:], strict=False):
        numbers = [_page_number(pdf.pages[i]) for i in range(start, end)]
        assert numbers == [None] + [str(n) for n in range(2, end - start + 1)]
    for index in (1, annex_with_more_pages[0] + 1):
        page = pdf.pages[index]
        number = next(line for line in _lines(page) if line["bottom"] < 20 * MM)
        centre = (30 * MM + page.width - 15 * MM) / 2
        assert abs((number["x0"] + number["x1"]) / 2 - centre) < 1 * MM
        assert _fonts(number) == {("Tinos", 13.0)}


def test_pdf_annex_heading_name_then_title_in_capitals_then_attachment_line(pdf):
    for start in _annex_starts(pdf):
        name, title, caption = _lines(pdf.pages[start])[:3]
        assert _fonts(name) == {("Tinos-Bold", 14.0)}
        assert _fonts(title) == {("Tinos-Bold", 14.0)} and title["text"] == title["text"].upper()
        assert caption["text"].startswith("(Kèm theo Báo cáo số") and caption["text"].endswith("của Sở Nội vụ)")
        assert all("Italic" in font for font, _ in _fonts(caption))


def test_pdf_body_refers_to_every_annex(pdf):
    starts = _annex_starts(pdf)
    body = " ".join(page.extract_text() for page in pdf.pages[: starts[0]])
    for start in starts:
        name = _lines(pdf.pages[start])[0]["text"]
        assert f"chi tiết tại {name}" in re.sub(r"\s+", " ", body), name


def test_pdf_no_text_crosses_a_table_rule(pdf):
    crossing = []
    for index, page in enumerate(pdf.pages):
        rules = [e for e in page.edges if e["orientation"] == "v"]
        for char in page.chars:
            if not char["text"].strip():
                continue
            for rule in rules:
                inside = char["x0"] + 0.3 < rule["x0"] < char["x1"] - 0.3
                if inside and rule["top"] < char["bottom"] - 1 and rule["bottom"] > char["top"] + 1:
                    crossing.append((index, char["text"], round(char["x0"])))
    assert crossing == []
    matrix = pdf.pages[_annex_starts(pdf)[0]]
    assert len([e for e in matrix.edges if e["orientation"] == "v"]) > 10, "the matrix is a ruled table"


# -- DOCX -----------------------------------------------------------------------------------


def test_docx_sections_follow_decree_30_page_setup(docx):
    sections = docx.sections
    assert len(sections) == 4  # the body, then one per annex
    for index, section in enumerate(sections):
        size = (round(section.page_width.mm), round(section.page_height.mm))
        assert size == ((210, 297) if index == 0 else (297, 210))
        margins = {
            "top": section.top_margin.mm,
            "bottom": section.bottom_margin.mm,
            "left": section.left_margin.mm,
            "right": section.right_margin.mm,
        }
        for side, (low, high) in MARGINS_MM.items():
            assert low <= round(margins[side]) <= high, (index, side)


def test_docx_pages_are_numbered_from_two_and_each_annex_on_its_own(docx):
    for section in docx.sections:
        assert section.different_first_page_header_footer
        assert "PAGE" in section.header._element.xml
        assert section.first_page_header.paragraphs[0].text == ""
        assert "PAGE" not in section.first_page_header._element.xml
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def _twips(value) -> int:
    return int(value)


def test_docx_every_table_grid_agrees_with_its_cells(docx):
    for number, table in enumerate(docx.tables):
        grid = [round(column.w.mm, 1) for column in table._tbl.tblGrid.gridCol_lst]
        tbl_pr = table._tbl.tblPr
        assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed", number
        width = tbl_pr.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa"
        assert Mm(sum(grid)).twips == pytest.approx(_twips(width.get(qn("w:w"))), abs=30), number
        for tr in table._tbl.tr_lst:
            cells, column = [], 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                cells.append(round(tc.width.mm, 1))
                assert cells[-1] == pytest.approx(sum(grid[column : column + span]), abs=0.2), number
                column += span
            assert column == len(grid), number


def test_docx_ruled_tables_repeat_their_header_row_and_keep_rows_whole(docx):
    ruled = [table for table in docx.tables if table.style is not None and table.style.name == "Table Grid"]
    assert len(ruled) >= 4  # summary, matrix, results, non-reporting
    for table in ruled:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_docx_matrix_gives_the_agency_column_its_width(docx):
    matrix = next(t for t in docx.tables if t.rows[0].cells[0].text == "Cơ quan, đơn vị" and len(t.columns) > 3)
    grid = [column.w.mm for column in matrix._tbl.tblGrid.gridCol_lst]
    assert grid[0] >= 60 and all(width >= 11 for width in grid[1:])
    assert sum(grid) <= 297 - 30 - 15 + 0.5


def test_docx_sections_are_heading_styles(docx):
    styles = {p.text: p.style.name for p in docx.paragraphs}
    for title in SECTION_TITLES.values():
        assert styles[title] == "Heading 1"
    plan_heading = next(text for text in styles if text.startswith("1. ") and styles[text] == "Heading 2")
    assert "Đẩy mạnh tuyên truyền" in styles or plan_heading
    heading = docx.styles["Heading 1"]
    assert heading.font.size.pt == 14 and heading.font.bold and str(heading.font.color.rgb) == "000000"


def test_docx_language_is_vietnamese_and_font_times_new_roman(docx):
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "vi-VN"
    normal = docx.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def test_docx_holds_the_chart_as_an_image(docx):
    assert len(docx.inline_shapes) == 1
    assert 140 <= docx.inline_shapes[0].width.mm <= 160


def _rule_width_pt(paragraph, cell_width_mm: float) -> float:
    fmt = paragraph.paragraph_format
    assert paragraph._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    return Mm(cell_width_mm).pt - fmt.left_indent.pt - fmt.right_indent.pt


def test_docx_header_block_matches_the_pdf_and_its_rules_are_measured(docx, snapshot):
    table = docx.tables[0]
    widths = [column.w.mm for column in table._tbl.tblGrid.gridCol_lst]
    left, right = table.rows[0].cells
    texts = [p.text for p in left.paragraphs]
    assert texts[:2] == ["UBND TỈNH BẾN TRE", "SỞ NỘI VỤ"]
    assert re.fullmatch(r"Số: {6,}/BC-SNV", texts[3])
    space = "{http://www.w3.org/XML/1998/namespace}space"
    assert all(t.get(space) == "preserve" for t in left.paragraphs[3]._p.iter(qn("w:t")))
    name_rule = _rule_width_pt(left.paragraphs[2], widths[0])
    assert 1 / 3 <= name_rule / text_width_pt("SỞ NỘI VỤ", 13, bold=True) <= 1 / 2
    assert [p.text for p in right.paragraphs][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO]
    motto_rule = _rule_width_pt(right.paragraphs[2], widths[1])
    assert motto_rule == pytest.approx(text_width_pt(MOTTO, 14, bold=True), abs=1)
    assert re.fullmatch(r"Bến Tre, ngày {4,}tháng {4,}năm \d{4}", right.paragraphs[3].text)
    # National title on one line: its cell is wider than the title.
    assert Mm(widths[1]).pt > text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    paragraphs = docx.paragraphs
    subject = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Kết quả thực hiện Kế hoạch số"))
    subject_rule = _rule_width_pt(paragraphs[subject + 1], 210 - 30 - 15)
    subject_width = min(text_width_pt(paragraphs[subject].text, 14, bold=True), Mm(165).pt)
    assert 1 / 3 <= subject_rule / subject_width <= 1 / 2


def test_docx_annexes_have_name_title_and_attachment_line(docx):
    texts = [p.text for p in docx.paragraphs]
    names = [i for i, text in enumerate(texts) if re.fullmatch(r"Phụ lục [IVX]+", text)]
    assert [texts[i] for i in names] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    for index in names:
        assert texts[index + 1] == texts[index + 1].upper()
        assert texts[index + 2].startswith("(Kèm theo Báo cáo số")
        assert docx.paragraphs[index].runs[0].bold
