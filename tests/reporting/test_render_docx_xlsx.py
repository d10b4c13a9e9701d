"""The editable DOCX and the XLSX annex carry the same sections and figures as the PDF."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from reporting.consolidation.document import SECTION_TITLES
from reporting.consolidation.snapshot import build_snapshot
from reporting.docx import render_docx
from reporting.xlsx import render_xlsx
from tests.conftest import rolled_back
from tests.reporting.consolidated_fixtures import SCRIPT, make_scene

pytestmark = pytest.mark.django_db  # the module fixture needs a test database (see test_report_completeness)


@pytest.fixture(scope="module")
def snapshot(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        frozen = build_snapshot(make_scene().report)
    return frozen


@pytest.fixture(scope="module")
def document(snapshot):
    return Document(io.BytesIO(render_docx(snapshot)))


@pytest.fixture(scope="module")
def workbook(snapshot):
    return load_workbook(io.BytesIO(render_xlsx(snapshot)))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_docx_has_the_official_header_and_sections(document):
    header_cells = [cell.text for cell in document.tables[0].rows[0].cells]
    assert "UBND TỈNH BẾN TRE" in header_cells[0] and "SỞ NỘI VỤ" in header_cells[0] and "Số:" in header_cells[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_cells[1]
    assert "Độc lập - Tự do - Hạnh phúc" in header_cells[1]
    assert "Bến Tre, ngày 05 tháng 01 năm 2020" in header_cells[1]
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    for title in SECTION_TITLES.values():
        assert title in paragraphs
    text = _all_text(document)
    assert "Nơi nhận:" in text and "- Lưu: VT, SNV." in text and "Nguyễn Văn Bình" in text


def test_docx_page_setup_follows_decree_30(document):
    first, annex = document.sections[0], document.sections[-1]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    margins = (first.left_margin, first.right_margin, first.top_margin, first.bottom_margin)
    assert [round(margin.mm) for margin in margins] == [30, 15, 20, 20]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header.paragraphs[0]._p.xml
    assert annex.page_width > annex.page_height
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14


def test_docx_keeps_agency_markup_as_plain_text(document):
    text = _all_text(document)
    assert SCRIPT in text  # shown literally, as typed
    assert "<script>" not in document.element.xml.replace("&lt;script&gt;", "")


def test_xlsx_holds_the_annex_matrix(workbook):
    assert workbook.sheetnames == ["Ma trận cơ quan - nhiệm vụ", "Cơ quan chưa báo cáo", "Kết quả theo nhiệm vụ"]
    matrix = list(workbook["Ma trận cơ quan - nhiệm vụ"].iter_rows(values_only=True))
    assert matrix[2] == ("Cơ quan, đơn vị", "II.1.a", "II.1.b", "II.2.a")
    assert matrix[3] == ("Nhiệm vụ", "Quán triệt Nghị quyết", "Thông tin, tuyên truyền", "Đề án thu hút nhân tài")
    rows = {row[0]: row[1:] for row in matrix[4:9]}
    assert rows["Sở Thông tin và Truyền thông"] == ("HTQ", "ĐTH", None)
    assert rows["Sở Giáo dục và Đào tạo"] == ("QH", None, "CĐK")
    assert rows["UBND huyện Ba Tri"] == ("CBC", None, None)
    missing = list(workbook["Cơ quan chưa báo cáo"].iter_rows(values_only=True))
    assert missing[1:] == [
        (1, "Sở Tài chính", "Đã gửi, đang chờ thẩm định"),
        (2, "UBND huyện Ba Tri", "Chưa gửi báo cáo"),
    ]


def test_xlsx_results_are_attributed_and_markup_stays_text(workbook):
    results = list(workbook["Kết quả theo nhiệm vụ"].iter_rows(values_only=True))
    row = next(r for r in results if r[0] == "II.1.a" and r[4] == "Sở Thông tin và Truyền thông")
    assert row[8] == f"Đã tổ chức 3 hội nghị quán triệt {SCRIPT}"
    assert "12/KH-STTTT" in row[9]


def test_xlsx_keeps_formulas_typed_by_agencies_as_text_without_an_apostrophe(snapshot):
    hostile = {**snapshot, "tasks": [dict(task) for task in snapshot["tasks"]]}
    task = next(t for t in hostile["tasks"] if t["code"] == "II.1.b")
    typed = ['=HYPERLINK("http://evil","x")', "- Đã ban hành 2 văn bản."]
    task["contributions"] = [{**task["contributions"][0], "results": t, "results_full": t} for t in typed]
    sheet = load_workbook(io.BytesIO(render_xlsx(hostile)))["Kết quả theo nhiệm vụ"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value in typed]
    # A string cell is never run as a formula: the text shows exactly as typed.
    assert len(cells) == 2 and all(cell.data_type == "s" for cell in cells)


def test_xlsx_dates_are_real_dates_and_pages_print_landscape_one_page_wide(workbook):
    results = workbook["Kết quả theo nhiệm vụ"]
    row = next(r for r in results.iter_rows(min_row=2) if r[4].value == "Sở Thông tin và Truyền thông")
    assert row[6].value.date() == dt.date(2019, 3, 1) and row[6].number_format == "dd/mm/yyyy"
    assert row[8].alignment.wrap_text
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows


def test_same_snapshot_gives_the_same_content(snapshot, document, workbook):
    assert _all_text(Document(io.BytesIO(render_docx(snapshot)))) == _all_text(document)
    again = load_workbook(io.BytesIO(render_xlsx(snapshot)))
    for name in workbook.sheetnames:
        assert list(again[name].iter_rows(values_only=True)) == list(workbook[name].iter_rows(values_only=True))
