import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from plan_portal.exports import csv_response, neutralise, xlsx_bytes, xlsx_response


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("II.2.b", "II.2.b"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_become_text(value, expected):
    assert neutralise(value) == expected


def _csv_rows(response) -> tuple[str, list[list[str]]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_starts_with_a_bom_so_excel_reads_vietnamese():
    response = csv_response(filename="x.csv", header=["Cơ quan"], rows=[["Sở Tư pháp"]])
    text, rows = _csv_rows(response)
    assert text.startswith("\ufeff")
    assert rows == [["Cơ quan"], ["Sở Tư pháp"]]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_csv_writes_dates_as_day_month_year_and_empty_for_none():
    response = csv_response(filename="x.csv", header=["Hạn", "Ghi chú"], rows=[[dt.date(2018, 12, 31), None]])
    _, rows = _csv_rows(response)
    assert rows[1] == ["31/12/2018", ""]


def test_csv_neutralises_formulas_and_keeps_commas_and_quotes_intact():
    rows_in = [["=1+2", 'Đề án "A", giai đoạn 1']]
    _, rows = _csv_rows(csv_response(filename="x.csv", header=["a", "b"], rows=rows_in))
    assert rows[1] == ["'=1+2", 'Đề án "A", giai đoạn 1']


def test_xlsx_holds_header_rows_and_real_dates():
    content = xlsx_bytes(
        sheet_title="Nhiệm vụ",
        header=["Số hiệu", "Hạn", "Số"],
        rows=[["II.1.a", dt.date(2018, 12, 31), 3], ["II.2", None, None]],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Nhiệm vụ"
    assert [c.value for c in sheet[1]] == ["Số hiệu", "Hạn", "Số"]
    assert sheet[1][0].font.bold
    assert sheet["A2"].value == "II.1.a"
    assert sheet["B2"].value.date() == dt.date(2018, 12, 31)
    assert sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].value == 3
    assert sheet["B3"].value is None


def test_xlsx_neutralises_formulas_and_drops_control_characters():
    content = xlsx_bytes(sheet_title="x", header=["a", "b"], rows=[["=cmd|' /C calc'!A0", "Báo\x07 cáo"]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "Báo cáo"


def test_xlsx_response_is_a_download():
    response = xlsx_response(filename="x.xlsx", sheet_title="x", header=["a"], rows=[])
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1
