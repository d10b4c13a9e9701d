"""CSV and XLSX downloads of a list: the same rows the page shows, in a form spreadsheets open safely.

Any list in the portal exports through these helpers so that every download gets the same
treatment: UTF-8 with a BOM (Excel otherwise misreads Vietnamese), dates as dd/mm/yyyy, and
cells that a spreadsheet would run as a formula turned back into plain text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UTF8_BOM = "\ufeff"
DATE_FORMAT = "%d/%m/%Y"

# A cell starting with one of these is evaluated as a formula by Excel/LibreOffice
# (CSV injection); a leading apostrophe makes the spreadsheet show it as text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return `value` with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(f"{DATE_FORMAT} %H:%M")
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_response(*, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """Stream rows as CSV; rows are produced lazily, so a large export never sits in memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield UTF8_BOM + writer.writerow([str(cell) for cell in header])
        for row in rows:
            yield writer.writerow([_csv_text(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | dt.date):
        return value
    # Control characters make openpyxl refuse the whole workbook.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def xlsx_bytes(*, sheet_title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One worksheet: a bold header row, then the rows; dates stay dates, shown dd/mm/yyyy."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(str(title)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy hh:mm" if isinstance(value, dt.datetime) else "dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    *, filename: str, sheet_title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    content = xlsx_bytes(sheet_title=sheet_title, header=header, rows=rows)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
