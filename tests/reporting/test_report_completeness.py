"""No approved result is dropped: every one is printed in the PDF, the DOCX and the XLSX."""

import io
import re
import unicodedata

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.docx import render_docx
from reporting.pdf import render_pdf
from reporting.xlsx import render_xlsx
from tests.conftest import rolled_back
from tests.reporting.report_scene import approved_results, crowded_scene, frozen

# Without a test marked for the database, pytest-django sets up no test database and the module
# fixture below would write to the developer's own.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        scene = crowded_scene()
        results, snapshot = approved_results(scene), frozen(scene)
    return results, snapshot


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return _flat(" ".join(parts))


def test_the_scene_has_a_task_too_crowded_for_the_body(built):
    results, snapshot = built
    task = next(task for task in snapshot["tasks"] if task["code"] == "II.1.a")
    assert len(task["contributions"]) + len(task["not_reported"]) > 8
    assert len(results) >= 12
    assert max(len(result) for result in results) > 800


def test_every_approved_result_is_in_the_pdf(built):
    results, snapshot = built
    reader = PdfReader(io.BytesIO(render_pdf(snapshot)))
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    missing = [result for result in results if _flat(result) not in text]
    assert missing == []


def test_every_approved_result_is_in_the_docx(built):
    results, snapshot = built
    text = _docx_text(render_docx(snapshot))
    assert [result for result in results if _flat(result) not in text] == []


def test_every_approved_result_has_its_row_in_the_xlsx_as_typed(built):
    results, snapshot = built
    sheet = load_workbook(io.BytesIO(render_xlsx(snapshot)))["Kết quả theo nhiệm vụ"]
    cells = {cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)}
    # Text starting with "-" is kept as typed: no apostrophe shows in the cell.
    assert [result for result in results if result not in cells] == []
