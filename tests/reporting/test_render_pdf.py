"""Layout facts of the consolidated PDF (Decree 30/2020/NĐ-CP), read back from the file itself."""

import io
import re

import pytest
from pypdf import PdfReader

from reporting.consolidation.snapshot import build_snapshot
from reporting.pdf import render_html, render_pdf
from tests.conftest import rolled_back
from tests.reporting.consolidated_fixtures import SCRIPT, make_scene

pytestmark = pytest.mark.django_db  # the module fixture needs a test database (see test_report_completeness)

A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def snapshot(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        frozen = build_snapshot(make_scene().report)
    return frozen


@pytest.fixture(scope="module")
def pdf(snapshot):
    return PdfReader(io.BytesIO(render_pdf(snapshot)))


def _text(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


def test_first_page_carries_the_official_header(pdf):
    first = _text(pdf.pages[0])
    for fact in (
        "UBND TỈNH BẾN TRE",
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "/BC-SNV",
        "Bến Tre, ngày 05 tháng 01 năm 2020",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 4447/KH-UBND ngày",
    ):
        assert fact in first


def test_signature_block_and_recipients_are_present(pdf):
    text = " ".join(_text(page) for page in pdf.pages)
    assert "Nơi nhận:" in text
    assert "- Lưu: VT, SNV." in text
    assert "KT. GIÁM ĐỐC" in text and "Nguyễn Văn Bình" in text


def test_pages_are_a4_and_annex_is_landscape(pdf):
    sizes = [(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in pdf.pages]
    assert sizes[0] == pytest.approx(A4_POINTS, abs=1)
    assert sizes[-1] == pytest.approx(tuple(reversed(A4_POINTS)), abs=1)
    annex = [i for i, p in enumerate(pdf.pages) if _text(p).startswith("Phụ lục I ")]
    assert annex and sizes[annex[0]][0] > sizes[annex[0]][1]


def _top_of_page_texts(page) -> list[str]:
    """Texts drawn in the top margin (above the 20 mm body), where Decree 30 puts page numbers."""
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > float(page.mediabox.height) - 20 * 72 / 25.4:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_page_numbers_are_centred_at_the_top_from_page_two(pdf):
    assert len(pdf.pages) >= 3
    assert _top_of_page_texts(pdf.pages[0]) == []
    assert _top_of_page_texts(pdf.pages[1]) == ["2"]
    assert _top_of_page_texts(pdf.pages[2]) == ["3"]


def test_text_typed_by_an_agency_shows_as_text(pdf, snapshot):
    html = render_html(snapshot)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    text = " ".join(_text(page) for page in pdf.pages)
    assert "<script>alert('x')</script>" in text


def test_same_snapshot_gives_the_same_text(pdf, snapshot):
    again = PdfReader(io.BytesIO(render_pdf(snapshot)))
    assert [p.extract_text() for p in again.pages] == [p.extract_text() for p in pdf.pages]


def test_fonts_are_embedded_tinos(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Tinos" in name for name in fonts)
